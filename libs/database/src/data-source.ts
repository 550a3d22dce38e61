// Entry point for the TypeORM CLI (npm run migration:*): the CLI awaits an exported promise.
import { loadConfig } from '@switchboard/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

async function createDataSource(): Promise<DataSource> {
  const config = loadConfig('cli');
  await ensureDatabase(config.database.url);
  return new DataSource(dataSourceOptions(config.database.url, false));
}

export const dataSource = createDataSource();
