import {
  DEFAULT_WORKSPACE_SETTINGS,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
  dataSourceOptions,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { createTestDatabase } from './test-database';

export interface TestDataSource {
  dataSource: DataSource;
  /** Closes the connection and drops the database. */
  destroy(): Promise<void>;
}

/** A fresh database with every migration run, connected: for int specs of repositories. */
export async function openTestDataSource(prefix: string): Promise<TestDataSource> {
  const database = await createTestDatabase(prefix);
  const dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
  return {
    dataSource,
    destroy: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Workspaces for tenant-scoping tests, one per name. */
export async function createTestWorkspaces(dataSource: DataSource, ...names: string[]): Promise<WorkspaceId[]> {
  const workspaces = dataSource.getRepository(Workspace);
  const ids: WorkspaceId[] = [];
  for (const name of names)
    ids.push(asWorkspaceId((await workspaces.save({ name, settings: DEFAULT_WORKSPACE_SETTINGS })).id));
  return ids;
}
