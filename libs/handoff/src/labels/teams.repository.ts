import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { Team, TenantRepository, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, QueryFailedError } from 'typeorm';
import { DuplicateTeamError } from './team.errors';

const UNIQUE_VIOLATION = '23505';

export type TeamFields = Pick<Team, 'name' | 'agentIds' | 'topics'>;

/** The only TypeORM access to `teams`. */
@Injectable()
export class TeamsRepository {
  private readonly teams: TenantRepository<Team>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.teams = new TenantRepository(manager.getRepository(Team));
  }

  withManager(manager: EntityManager): TeamsRepository {
    return new TeamsRepository(manager);
  }

  list(workspaceId: WorkspaceId): Promise<Team[]> {
    return this.teams.find(workspaceId, { order: { name: 'ASC', id: 'ASC' } });
  }

  findById(workspaceId: WorkspaceId, teamId: string): Promise<Team | null> {
    return this.teams.findById(workspaceId, teamId);
  }

  async create(workspaceId: WorkspaceId, values: TeamFields): Promise<Team> {
    return this.uniqueName(values.name, () => this.teams.create(workspaceId, values));
  }

  /** Null when the workspace has no such team. */
  async update(workspaceId: WorkspaceId, teamId: string, changes: Partial<TeamFields>): Promise<Team | null> {
    const changed = await this.uniqueName(changes.name, () => this.teams.update(workspaceId, teamId, changes));
    return changed ? this.teams.findById(workspaceId, teamId) : null;
  }

  delete(workspaceId: WorkspaceId, teamId: string): Promise<boolean> {
    return this.teams.delete(workspaceId, teamId);
  }

  /** The members of every team that covers the topic, each once. */
  async agentIdsForTopic(workspaceId: WorkspaceId, topic: string): Promise<string[]> {
    const rows: Array<{ agentId: string }> = await this.manager.query(
      `SELECT DISTINCT unnest("agentIds") AS "agentId" FROM teams WHERE "workspaceId" = $1 AND $2 = ANY(topics)`,
      [asWorkspaceId(workspaceId), topic],
    );
    return rows.map((row) => row.agentId);
  }

  private async uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (
        name !== undefined &&
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw new DuplicateTeamError(name);
      }
      throw error;
    }
  }
}
