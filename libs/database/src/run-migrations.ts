import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any 64-bit key unique to this purpose: the api and the worker may start together.
const MIGRATION_LOCK_KEY = 4_711_202_611;

/** Runs pending migrations under a Postgres advisory lock, so concurrent starts apply each migration once. */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const dataSource = await new DataSource({ ...dataSourceOptions(databaseUrl, false), extra: { max: 1 } }).initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}
