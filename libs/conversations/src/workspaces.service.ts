import { Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { LRUCache } from 'lru-cache';
import { EntityManager } from 'typeorm';
import { WorkspacesRepository } from './workspaces.repository';

/**
 * How long a process serves a workspace's settings without reading them again. Every turn needs them; a change made
 * in this process applies at once, one made in another process (api / worker) within this time.
 */
export const SETTINGS_CACHE_MS = 2000;

@Injectable()
export class WorkspacesService {
  // fetch() also folds concurrent reads of one workspace's settings into one query.
  private readonly settingsCache = new LRUCache<WorkspaceId, WorkspaceSettings>({
    max: 10_000,
    ttl: SETTINGS_CACHE_MS,
    fetchMethod: async (workspaceId) => this.readSettings(workspaceId),
  });

  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Runs inside the caller's transaction, so the workspace and its first key appear together. */
  create(manager: EntityManager, name: string, settings: Partial<WorkspaceSettings> = {}): Promise<Workspace> {
    return this.workspaces.withManager(manager).create(name, settings);
  }

  /** Creates the workspace and runs `then` in the same transaction, so what it adds appears with the workspace. */
  createWith<T>(
    name: string,
    settings: Partial<WorkspaceSettings> | undefined,
    then: (workspace: Workspace, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.workspaces.transaction(async (workspaces, manager) =>
      then(await workspaces.create(name, settings), manager),
    );
  }

  /** Id and name of each of these workspaces that exists. */
  names(ids: readonly string[]): Promise<Array<Pick<Workspace, 'id' | 'name'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.workspaces.names(ids);
  }

  list(limit: number, offset: number): Promise<Workspace[]> {
    return this.workspaces.list(limit, offset);
  }

  get(workspaceId: WorkspaceId): Promise<Workspace | null> {
    return this.workspaces.findById(workspaceId);
  }

  /** Every workspace that set a retention period, with the period in days. */
  retentionPeriods(): Promise<Array<{ workspaceId: WorkspaceId; retentionDays: number }>> {
    return this.workspaces.retentionPeriods();
  }

  /** The workspace's settings with the defaults for what it never set (the defaults alone for an unknown id). */
  async settings(workspaceId: WorkspaceId): Promise<WorkspaceSettings> {
    return (await this.settingsCache.fetch(workspaceId)) ?? { ...DEFAULT_WORKSPACE_SETTINGS };
  }

  async updateSettings(workspaceId: WorkspaceId, patch: Partial<WorkspaceSettings>): Promise<Workspace | null> {
    const workspace = await this.get(workspaceId);
    if (!workspace) return null;
    const before = { settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace.settings } };
    workspace.settings = { ...before.settings, ...patch };
    const saved = await this.workspaces.save(workspace);
    this.settingsCache.delete(workspaceId);
    const target = { type: 'workspace', id: workspaceId };
    const after = { settings: saved.settings };
    await this.audit.record(workspaceId, { action: 'workspace.settings_changed', target, before, after });
    return saved;
  }

  async rename(workspaceId: WorkspaceId, name: string): Promise<Workspace | null> {
    const workspace = await this.get(workspaceId);
    if (!workspace) return null;
    const before = { name: workspace.name };
    workspace.name = name;
    const saved = await this.workspaces.save(workspace);
    const target = { type: 'workspace', id: workspaceId };
    await this.audit.record(workspaceId, { action: 'workspace.renamed', target, before, after: { name: saved.name } });
    return saved;
  }

  private async readSettings(workspaceId: WorkspaceId): Promise<WorkspaceSettings> {
    return { ...DEFAULT_WORKSPACE_SETTINGS, ...(await this.workspaces.storedSettings(workspaceId)) };
  }
}
