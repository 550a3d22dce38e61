import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { EntityManager, In, Repository } from 'typeorm';

/** The `workspaces` table: the tenants themselves, so not scoped by one. Bind it to a transaction with `withManager`. */
@Injectable()
export class WorkspacesRepository {
  private readonly workspaces: Repository<Workspace>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.workspaces = manager.getRepository(Workspace);
  }

  withManager(manager: EntityManager): WorkspacesRepository {
    return new WorkspacesRepository(manager);
  }

  /** Runs the work in one transaction, with this repository bound to it. */
  transaction<T>(work: (workspaces: WorkspacesRepository, manager: EntityManager) => Promise<T>): Promise<T> {
    return this.manager.transaction((manager) => work(this.withManager(manager), manager));
  }

  /** A new workspace; the settings it does not give are the defaults. */
  create(name: string, settings: Partial<WorkspaceSettings> = {}): Promise<Workspace> {
    return this.workspaces.save(
      this.workspaces.create({ name, settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...settings } }),
    );
  }

  findById(id: WorkspaceId): Promise<Workspace | null> {
    return this.workspaces.findOne({ where: { id } });
  }

  /** Id and name of each of these workspaces that exists. */
  names(ids: readonly string[]): Promise<Array<Pick<Workspace, 'id' | 'name'>>> {
    return this.workspaces.find({ where: { id: In([...ids]) }, select: { id: true, name: true } });
  }

  /** Oldest first. */
  list(limit: number, offset: number): Promise<Workspace[]> {
    return this.workspaces.find({ order: { createdAt: 'ASC' }, take: limit, skip: offset });
  }

  /** The settings the workspace has stored (none set for an unknown id), without the defaults. */
  async storedSettings(id: WorkspaceId): Promise<Partial<WorkspaceSettings>> {
    const workspace = await this.workspaces.findOne({ where: { id }, select: { id: true, settings: true } });
    return workspace?.settings ?? {};
  }

  /** Every workspace with a retention period, and that period in days. */
  async retentionPeriods(): Promise<Array<{ workspaceId: WorkspaceId; retentionDays: number }>> {
    const rows: Array<{ id: WorkspaceId; days: number }> = await this.workspaces.query(
      `SELECT id, ("settings"->>'retentionDays')::int AS days FROM workspaces
        WHERE jsonb_typeof("settings"->'retentionDays') = 'number' ORDER BY "createdAt"`,
    );
    return rows.map((row) => ({ workspaceId: row.id, retentionDays: row.days }));
  }

  save(workspace: Workspace): Promise<Workspace> {
    return this.workspaces.save(workspace);
  }
}
