import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    dataSource = await new DataSource(dataSourceOptions(database.url, false)).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function tables(): Promise<string[]> {
    const rows: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata') ORDER BY table_name`,
    );
    return rows.map((r) => r.table_name);
  }

  it('lists every migration file, in timestamp order', () => {
    const files = readdirSync(join(__dirname, '../../../migrations')).filter((f) => /^\d+-[A-Z]\w+\.ts$/.test(f));
    expect(MIGRATIONS.map((m) => m.name)).toEqual(
      files.sort().map((f) => {
        const [timestamp, name] = f.replace(/\.ts$/, '').split('-');
        return `${name}${timestamp}`;
      }),
    );
  });

  it('runs up on an empty database, matches the entities, and reverts to empty', async () => {
    expect(await tables()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'action_definitions',
        'agents',
        'answer_traces',
        'api_keys',
        'contact_inboxes',
        'contacts',
        'conversations',
        'documents',
        'inboxes',
        'knowledge_sources',
        'messages',
        'outbox',
        'tickets',
        'workspaces',
      ]),
    );
    // The entities and the migrations agree: nothing left to generate.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    // TypeORM keeps its own record of generated columns (messages.searchVector) in typeorm_metadata; the
    // revert empties it.
    expect(await dataSource.query(`SELECT type, "table", name FROM typeorm_metadata`)).toEqual([]);
  });
});
