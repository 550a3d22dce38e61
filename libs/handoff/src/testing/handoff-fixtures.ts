import {
  Agent,
  DEFAULT_WORKSPACE_SETTINGS,
  Workspace,
  WorkspaceId,
  WorkspaceSettings,
  asWorkspaceId,
} from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A repository int spec's own migrated database. */
export {
  TestDataSource as RepositoryTestDatabase,
  openTestDataSource as openRepositoryTestDatabase,
} from '../../../../test/support/test-data-source';

export async function saveWorkspace(
  dataSource: DataSource,
  settings: Partial<WorkspaceSettings> = {},
): Promise<WorkspaceId> {
  const saved = await dataSource
    .getRepository(Workspace)
    .save({ name: `ws ${randomUUID()}`, settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...settings } });
  return asWorkspaceId(saved.id);
}

/** An agent, online and seen now unless told otherwise. */
export async function saveAgent(
  dataSource: DataSource,
  workspaceId: WorkspaceId,
  availability: Agent['availability'] = 'online',
  lastSeenAt: Date | null = new Date(),
): Promise<Agent> {
  const name = `Agent ${randomUUID().slice(0, 8)}`;
  return dataSource.getRepository(Agent).save({
    workspaceId,
    email: `${name.replace(' ', '-').toLowerCase()}@example.test`,
    name,
    role: 'agent',
    availability,
    lastSeenAt,
  });
}
