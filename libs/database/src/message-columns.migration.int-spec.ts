import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { MessageColumnsAndSlackTicketThreads1796525892650 } from '../../../migrations/1796525892650-MessageColumnsAndSlackTicketThreads';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';

const MIGRATION = MIGRATIONS.indexOf(MessageColumnsAndSlackTicketThreads1796525892650);

/** Ids of the rows written as the code before the migration wrote them. */
interface Fixture {
  workspaceId: string;
  question: string;
  answer: string;
  notice: string;
  strayReply: string;
  handoffLine: string;
  closingLine: string;
  mirrorLine: string;
  agentReply: string;
  ticket: string;
  reopenedTicket: string;
  slackInbox: string;
}

describe('migration MessageColumnsAndSlackTicketThreads', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('message_columns');
    // Knows the migrations up to this one, so undoLastMigration reverts it.
    dataSource = await new DataSource({
      ...dataSourceOptions(database.url, false),
      migrations: MIGRATIONS.slice(0, MIGRATION + 1),
    }).initialize();
    // Every migration before this one: the schema the metadata keys were written in.
    await migrateTo(MIGRATION);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Runs the first `count` migrations, so the ones after them stay pending. */
  async function migrateTo(count: number): Promise<void> {
    const runner = new DataSource({
      ...dataSourceOptions(database.url, false),
      migrations: MIGRATIONS.slice(0, count),
    });
    await runner.initialize();
    try {
      await runner.runMigrations({ transaction: 'each' });
    } finally {
      await runner.destroy();
    }
  }

  async function applied(): Promise<number> {
    const exists: Array<{ table: string | null }> = await dataSource.query(`SELECT to_regclass('migrations') AS table`);
    if (!exists[0]?.table) return 0;
    const rows: Array<{ count: number }> = await dataSource.query(`SELECT count(*)::int AS count FROM migrations`);
    return rows[0]?.count ?? 0;
  }

  async function insert(table: string, values: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(values);
    const rows: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(values).map((value) =>
        typeof value === 'object' && value !== null ? JSON.stringify(value) : value,
      ),
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`nothing inserted into ${table}`);
    return id;
  }

  /** A widget conversation handed off, answered, resolved and mirrored to Slack, stored the old way. */
  async function legacyRows(): Promise<Fixture> {
    const workspaceId = await insert('workspaces', { name: 'Legacy', settings: {} });
    const tenant = { workspaceId };
    const widget = await insert('inboxes', { ...tenant, name: 'Web', channel: 'widget', publicKey: randomUUID() });
    const slackInbox = await insert('inboxes', { ...tenant, name: 'Team', channel: 'slack', publicKey: randomUUID() });
    const contactId = await insert('contacts', { ...tenant, name: 'Jane' });
    const agentId = await insert('agents', { ...tenant, email: 'ana@example.com', name: 'Ana' });
    const conversationId = await insert('conversations', { ...tenant, inboxId: widget, contactId, version: 1 });
    const ticket = await insert('tickets', { ...tenant, conversationId, reason: 'low_confidence', status: 'resolved' });
    // Resolved, later reopened: its closing line must not give an active ticket a resolution.
    const reopenedTicket = await insert('tickets', { ...tenant, conversationId, reason: 'policy', status: 'assigned' });
    let second = 0;
    const message = (values: Record<string, unknown>): Promise<string> =>
      insert('messages', {
        ...tenant,
        conversationId,
        content: 'text',
        createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, ++second)),
        ...values,
      });
    const question = await message({ direction: 'incoming', author: 'contact', metadata: { ownerAtReceipt: 'bot' } });
    const answer = await message({
      direction: 'outgoing',
      author: 'bot',
      metadata: { kind: 'answer', replyTo: question, confidence: 0.4, traceId: 't1', feedback: 'down' },
    });
    const notice = await message({
      direction: 'outgoing',
      author: 'bot',
      metadata: { kind: 'handoff', reason: 'low_confidence', ticketId: ticket, replyTo: null, collectEmail: false },
    });
    const strayReply = await message({
      direction: 'outgoing',
      author: 'bot',
      metadata: { kind: 'message', replyTo: 'not-a-message', refused: 'empty' },
    });
    const handoffLine = await message({
      direction: 'activity',
      author: 'system',
      metadata: { ticketId: ticket, event: 'handoff', reason: 'low_confidence' },
    });
    const mirrorLine = await message({
      direction: 'activity',
      author: 'system',
      metadata: { event: 'slack_mirror', slackInboxId: slackInbox, slackThread: 'CAGENTS:1700.0001', ticketId: ticket },
    });
    const agentReply = await message({
      direction: 'outgoing',
      author: 'agent',
      agentId,
      metadata: { slackTs: '1700.0002' },
    });
    const closingLine = await message({
      direction: 'activity',
      author: 'system',
      metadata: { ticketId: ticket, resolution: 'handed_back', agentId },
    });
    await message({
      direction: 'activity',
      author: 'system',
      metadata: { ticketId: reopenedTicket, resolution: 'resolved', agentId },
    });
    return {
      workspaceId,
      question,
      answer,
      notice,
      strayReply,
      handoffLine,
      closingLine,
      mirrorLine,
      agentReply,
      ticket,
      reopenedTicket,
      slackInbox,
    };
  }

  async function messageRow(id: string): Promise<Record<string, unknown>> {
    const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT * FROM messages WHERE id = $1`, [id]);
    return rows[0] ?? {};
  }

  async function resolutionOf(ticketId: string): Promise<unknown> {
    const rows: Array<{ resolution: unknown }> = await dataSource.query(
      `SELECT resolution FROM tickets WHERE id = $1`,
      [ticketId],
    );
    return rows[0]?.resolution;
  }

  it('moves kind, reply-to, feedback, ticket resolutions and Slack threads out of metadata, and back on revert', async () => {
    expect(await applied()).toBe(MIGRATION);
    const rows = await legacyRows();

    await migrateTo(MIGRATION + 1);

    expect(await messageRow(rows.question)).toMatchObject({
      kind: 'message',
      replyToMessageId: null,
      feedback: null,
      metadata: { ownerAtReceipt: 'bot' },
    });
    expect(await messageRow(rows.answer)).toMatchObject({
      kind: 'answer',
      replyToMessageId: rows.question,
      feedback: 'down',
      metadata: { confidence: 0.4, traceId: 't1' },
    });
    expect((await messageRow(rows.answer)).metadata).not.toHaveProperty('kind');
    expect((await messageRow(rows.answer)).metadata).not.toHaveProperty('replyTo');
    expect((await messageRow(rows.answer)).metadata).not.toHaveProperty('feedback');
    expect(await messageRow(rows.notice)).toMatchObject({ kind: 'handoff', replyToMessageId: null });
    expect(await messageRow(rows.notice)).toHaveProperty('metadata', {
      reason: 'low_confidence',
      ticketId: rows.ticket,
      collectEmail: false,
    });
    // A reply-to that names no message of the conversation cannot become a reference.
    expect(await messageRow(rows.strayReply)).toMatchObject({ kind: 'message', replyToMessageId: null });
    expect(await messageRow(rows.handoffLine)).toMatchObject({
      kind: 'activity',
      metadata: { ticketId: rows.ticket, event: 'handoff' },
    });
    expect(await resolutionOf(rows.ticket)).toBe('handed_back');
    expect(await resolutionOf(rows.reopenedTicket)).toBeNull();
    expect(await dataSource.query(`SELECT "ticketId", "slackInboxId", channel, ts FROM slack_ticket_threads`)).toEqual([
      { ticketId: rows.ticket, slackInboxId: rows.slackInbox, channel: 'CAGENTS', ts: '1700.0001' },
    ]);
    expect(await messageRow(rows.mirrorLine)).toHaveProperty('metadata', {
      event: 'slack_mirror',
      ticketId: rows.ticket,
    });
    expect(await messageRow(rows.agentReply)).toMatchObject({
      kind: 'message',
      clientMessageId: 'slack:CAGENTS:1700.0002',
      metadata: {},
    });

    await dataSource.undoLastMigration({ transaction: 'each' });

    expect(await applied()).toBe(MIGRATION);
    expect((await messageRow(rows.answer)).metadata).toEqual({
      kind: 'answer',
      replyTo: rows.question,
      confidence: 0.4,
      traceId: 't1',
      feedback: 'down',
    });
    expect((await messageRow(rows.notice)).metadata).toEqual({
      kind: 'handoff',
      reason: 'low_confidence',
      ticketId: rows.ticket,
      collectEmail: false,
    });
    expect((await messageRow(rows.question)).metadata).toEqual({ ownerAtReceipt: 'bot' });
    expect((await messageRow(rows.mirrorLine)).metadata).toEqual({
      event: 'slack_mirror',
      slackInboxId: rows.slackInbox,
      slackThread: 'CAGENTS:1700.0001',
      ticketId: rows.ticket,
    });
    expect(await messageRow(rows.agentReply)).toMatchObject({
      clientMessageId: null,
      metadata: { slackTs: '1700.0002' },
    });
    expect((await messageRow(rows.closingLine)).metadata).toMatchObject({ resolution: 'handed_back' });
  });
});
