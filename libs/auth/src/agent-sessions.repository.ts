import { Injectable } from '@nestjs/common';
import { AgentSession, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { DataSource, LessThan, MoreThan, Repository } from 'typeorm';

/** The `agent_sessions` table: one row per signed-in console, keyed by the sha256 of its token. */
@Injectable()
export class AgentSessionsRepository extends TenantRepository<AgentSession> {
  private readonly sessions: Repository<AgentSession>;

  constructor(dataSource: DataSource) {
    const sessions = dataSource.getRepository(AgentSession);
    super(sessions);
    this.sessions = sessions;
  }

  /** Stores a new session for the agent and drops the agent's expired ones. */
  async open(workspaceId: WorkspaceId, agentId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    const scope = { workspaceId: asWorkspaceId(workspaceId), agentId };
    await this.sessions.delete({ ...scope, expiresAt: LessThan(new Date()) });
    await this.sessions.insert({ ...scope, tokenHash, expiresAt });
  }

  /** The unexpired session with this token hash, with its agent. Any workspace: the token says which. */
  findLive(tokenHash: string): Promise<AgentSession | null> {
    return this.sessions.findOne({
      where: { tokenHash, expiresAt: MoreThan(new Date()) },
      relations: { agent: true },
    });
  }

  async deleteAllOf(workspaceId: WorkspaceId, agentId: string): Promise<void> {
    if (!isUuid(agentId)) return;
    await this.sessions.delete({ agentId, workspaceId: asWorkspaceId(workspaceId) });
  }
}
