import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ConversationRatingRequestedAt1796569982775 } from '../../../migrations/1796569982775-ConversationRatingRequestedAt';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';

const MIGRATION = MIGRATIONS.indexOf(ConversationRatingRequestedAt1796569982775);

describe('migration ConversationRatingRequestedAt', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('rating_requested_at');
    dataSource = await new DataSource({
      ...dataSourceOptions(database.url, false),
      migrations: MIGRATIONS.slice(0, MIGRATION + 1),
    }).initialize();
    const before = new DataSource({
      ...dataSourceOptions(database.url, false),
      migrations: MIGRATIONS.slice(0, MIGRATION),
    });
    await before.initialize();
    try {
      await before.runMigrations({ transaction: 'each' });
    } finally {
      await before.destroy();
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function insert(table: string, values: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(values);
    const rows: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(values).map((value) =>
        typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value,
      ),
    );
    return rows[0].id;
  }

  it('marks conversations already asked to rate with their first request, the others not, and reverts', async () => {
    const workspaceId = await insert('workspaces', { name: 'Legacy', settings: {} });
    const tenant = { workspaceId };
    const inboxId = await insert('inboxes', { ...tenant, name: 'Web', channel: 'widget', publicKey: randomUUID() });
    const contactId = await insert('contacts', { ...tenant, name: 'Jane' });
    const conversation = () => insert('conversations', { ...tenant, inboxId, contactId, version: 1 });
    const [asked, notAsked] = [await conversation(), await conversation()];
    const bot = (conversationId: string, metadata: object, createdAt: Date) =>
      insert('messages', {
        ...tenant,
        conversationId,
        direction: 'outgoing',
        author: 'bot',
        content: 'x',
        metadata,
        createdAt,
      });
    const first = new Date(Date.UTC(2030, 0, 1));
    await bot(asked, { csatRequest: { agentId: null } }, first);
    await bot(asked, { csatRequest: { agentId: null } }, new Date(Date.UTC(2030, 0, 2)));
    await bot(notAsked, { citations: [] }, first);

    await dataSource.runMigrations({ transaction: 'each' });
    const rows: Array<{ id: string; ratingRequestedAt: Date | null }> = await dataSource.query(
      `SELECT id, "ratingRequestedAt" FROM conversations WHERE id = ANY($1)`,
      [[asked, notAsked]],
    );
    const byId = new Map(rows.map((row) => [row.id, row.ratingRequestedAt]));
    expect(byId.get(asked)?.getTime()).toBe(first.getTime());
    expect(byId.get(notAsked)).toBeNull();

    await dataSource.undoLastMigration({ transaction: 'each' });
    const columns: Array<{ name: string }> = await dataSource.query(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'conversations'`,
    );
    expect(columns.map((column) => column.name)).not.toContain('ratingRequestedAt');
  });
});
