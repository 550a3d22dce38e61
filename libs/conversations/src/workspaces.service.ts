import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

@Injectable()
export class WorkspacesService {
  constructor(@InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>) {}

  /** Runs inside the caller's transaction, so the workspace and its first key appear together. */
  create(manager: EntityManager, name: string, settings: Partial<WorkspaceSettings> = {}): Promise<Workspace> {
    const repository = manager.getRepository(Workspace);
    return repository.save(repository.create({ name, settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...settings } }));
  }

  list(limit: number, offset: number): Promise<Workspace[]> {
    return this.workspaces.find({ order: { createdAt: 'ASC' }, take: limit, skip: offset });
  }

  get(workspaceId: WorkspaceId): Promise<Workspace | null> {
    return this.workspaces.findOne({ where: { id: workspaceId } });
  }

  async updateSettings(workspaceId: WorkspaceId, patch: Partial<WorkspaceSettings>): Promise<Workspace | null> {
    const workspace = await this.get(workspaceId);
    if (!workspace) return null;
    workspace.settings = { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace.settings, ...patch };
    return this.workspaces.save(workspace);
  }

  async rename(workspaceId: WorkspaceId, name: string): Promise<Workspace | null> {
    const workspace = await this.get(workspaceId);
    if (!workspace) return null;
    workspace.name = name;
    return this.workspaces.save(workspace);
  }
}
