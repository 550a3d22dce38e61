import { AppConfig, ProcessKind, loadConfig } from '@switchboard/config';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabase, createTestDatabase } from './test-database';

/** What one test file's processes share: a database, a data directory, a queue prefix, an admin token. */
export interface TestEnvironment {
  database: TestDatabase;
  dataDir: string;
  /** The variables every process of this test gets (also handed to spawned workers). */
  variables: Record<string, string>;
  config(kind: ProcessKind): AppConfig;
  destroy(): Promise<void>;
}

export async function createTestEnvironment(
  prefix: string,
  overrides: Record<string, string> = {},
): Promise<TestEnvironment> {
  const database = await createTestDatabase(prefix);
  const dataDir = await mkdtemp(join(tmpdir(), `sb-${prefix}-`));
  const variables: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `sbtest-${prefix}-${randomBytes(4).toString('hex')}`,
    SWITCHBOARD_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    // TEST_LOG_LEVEL=error shows what the api and worker log while a test runs (a 500's cause, say).
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WORKER_METRICS_PORT: '0',
    OUTBOX_POLL_INTERVAL_MS: '50',
    EMBEDDING_THREADS: '1',
    ...overrides,
  };
  return {
    database,
    dataDir,
    variables,
    config: (kind) => loadConfig(kind, variables),
    destroy: async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
