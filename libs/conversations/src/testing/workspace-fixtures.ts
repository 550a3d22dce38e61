import { WorkspaceId, WorkspaceSettings, asWorkspaceId } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { WorkspacesRepository } from '../workspaces.repository';

/** A new workspace stored through its owner's repository, for specs that run on a database without the lib's module. */
export async function saveWorkspace(
  manager: EntityManager,
  settings: Partial<WorkspaceSettings> = {},
  name = `ws ${randomUUID()}`,
): Promise<WorkspaceId> {
  const workspace = await new WorkspacesRepository(manager).create(name, settings);
  return asWorkspaceId(workspace.id);
}
