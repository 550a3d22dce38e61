import { Injectable } from '@nestjs/common';
import { Agent, Work, WorkspaceId, presentAgentWhere } from '@switchboard/database';
import { AgentsRepository } from './agents.repository';

/**
 * Who the workspace's agents are and who is present, for the libs that route work to them (handoff). Given a unit
 * of work, a read joins its transaction.
 */
@Injectable()
export class AgentDirectoryService {
  constructor(private readonly agents: AgentsRepository) {}

  /** The workspace's agent, or null. */
  find(workspaceId: WorkspaceId, agentId: string, work?: Work): Promise<Agent | null> {
    return this.in(work).findById(workspaceId, agentId);
  }

  /** The workspace's agent when online and seen lately, else null. */
  findPresent(workspaceId: WorkspaceId, agentId: string, work?: Work): Promise<Agent | null> {
    return this.in(work).findOne(workspaceId, { id: agentId, ...presentAgentWhere() });
  }

  /** Whether any agent of the workspace is online and seen lately. */
  async anyPresent(workspaceId: WorkspaceId): Promise<boolean> {
    return (await this.agents.count(workspaceId, presentAgentWhere())) > 0;
  }

  private in(work: Work | undefined) {
    return work ? this.agents.withManager(work.manager) : this.agents;
  }
}
