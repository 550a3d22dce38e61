import { AgentsRepository } from '@switchboard/auth';
import { saveWorkspace as saveWorkspaceOf } from '@switchboard/conversations/testing';
import type { Agent } from '@switchboard/database';
import { WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A repository int spec's own migrated database. */
export {
  TestDataSource as RepositoryTestDatabase,
  openTestDataSource as openRepositoryTestDatabase,
} from '../../../../test/support/test-data-source';

/** A workspace, through the conversations lib that owns workspaces. */
export function saveWorkspace(dataSource: DataSource, settings: Partial<WorkspaceSettings> = {}): Promise<WorkspaceId> {
  return saveWorkspaceOf(dataSource.manager, settings);
}

/** An agent, online and seen now unless told otherwise, through the auth lib that owns agents. */
export async function saveAgent(
  dataSource: DataSource,
  workspaceId: WorkspaceId,
  availability: Agent['availability'] = 'online',
  lastSeenAt: Date | null = new Date(),
): Promise<Agent> {
  const name = `Agent ${randomUUID().slice(0, 8)}`;
  return new AgentsRepository(dataSource).create(workspaceId, {
    email: `${name.replace(' ', '-').toLowerCase()}@example.test`,
    name,
    role: 'agent',
    availability,
    lastSeenAt,
  });
}
