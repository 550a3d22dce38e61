import {
  Contact,
  Conversation,
  DEFAULT_WORKSPACE_SETTINGS,
  Inbox,
  Ticket,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
  dataSourceOptions,
} from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase } from '../../../../test/support/test-database';
import { SlackTicketThreadsRepository } from './slack-ticket-threads.repository';

describe('SlackTicketThreadsRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let threads: SlackTicketThreadsRepository;

  beforeAll(async () => {
    database = await createTestDatabase('slack_threads');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    threads = new SlackTicketThreadsRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** A workspace with a Slack inbox and a ticket on one of its conversations. */
  async function ticketIn(name: string): Promise<{ workspaceId: WorkspaceId; ticket: Ticket; slackInboxId: string }> {
    const workspace = await dataSource.getRepository(Workspace).save({ name, settings: DEFAULT_WORKSPACE_SETTINGS });
    const workspaceId = asWorkspaceId(workspace.id);
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId, name: 'Team', channel: 'slack', publicKey: randomUUID() });
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, attributes: {} });
    const conversation = await dataSource
      .getRepository(Conversation)
      .save({ workspaceId, inboxId: inbox.id, contactId: contact.id, owner: 'queued' });
    const ticket = await dataSource
      .getRepository(Ticket)
      .save({ workspaceId, conversationId: conversation.id, reason: 'low_confidence' });
    return { workspaceId, ticket, slackInboxId: inbox.id };
  }

  it('keeps the first thread a ticket was mirrored to, and finds it by its Slack channel and ts', async () => {
    const { workspaceId, ticket, slackInboxId } = await ticketIn('Mirrored');
    const thread = { ticketId: ticket.id, conversationId: ticket.conversationId, slackInboxId, channel: 'CAGENTS' };
    await threads.record(workspaceId, { ...thread, ts: '1700.0001' });
    // A redelivered mirror job that posted again: the ticket keeps its first thread.
    await threads.record(workspaceId, { ...thread, ts: '1700.0002' });

    expect(await threads.forTicket(workspaceId, ticket.id)).toMatchObject({ channel: 'CAGENTS', ts: '1700.0001' });
    expect(await threads.findByThread(workspaceId, 'CAGENTS', '1700.0001')).toMatchObject({
      ticketId: ticket.id,
      conversationId: ticket.conversationId,
    });
    expect(await threads.findByThread(workspaceId, 'CAGENTS', '1700.0002')).toBeNull();
    expect(await threads.forTicket(workspaceId, 'not-a-uuid')).toBeNull();
  });

  it("never finds another workspace's thread", async () => {
    const mirrored = await ticketIn('Owner');
    const { workspaceId: outsider } = await ticketIn('Outsider');
    await threads.record(mirrored.workspaceId, {
      ticketId: mirrored.ticket.id,
      conversationId: mirrored.ticket.conversationId,
      slackInboxId: mirrored.slackInboxId,
      channel: 'CSHARED',
      ts: '1800.0001',
    });

    expect(await threads.findByThread(outsider, 'CSHARED', '1800.0001')).toBeNull();
    expect(await threads.forTicket(outsider, mirrored.ticket.id)).toBeNull();
    expect(await threads.findByThread(mirrored.workspaceId, 'CSHARED', '1800.0001')).not.toBeNull();
  });
});
