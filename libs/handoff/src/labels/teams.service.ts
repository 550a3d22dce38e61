import { Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { AgentDirectoryService } from '@switchboard/auth';
import { WorkspacesService } from '@switchboard/conversations';
import type { Team, WorkspaceId } from '@switchboard/database';
import { InvalidLabelFieldError } from './team.errors';
import { TeamFields, TeamsRepository } from './teams.repository';

export type TeamInput = Partial<TeamFields>;

/** Teams of agents and the topics they take first; members must be the workspace's agents, topics its topics. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly agents: AgentDirectoryService,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditLog,
  ) {}

  list(workspaceId: WorkspaceId): Promise<Team[]> {
    return this.teams.list(workspaceId);
  }

  get(workspaceId: WorkspaceId, teamId: string): Promise<Team | null> {
    return this.teams.findById(workspaceId, teamId);
  }

  async create(workspaceId: WorkspaceId, input: TeamInput & Pick<TeamFields, 'name'>): Promise<Team> {
    await this.check(workspaceId, input);
    const team = await this.teams.create(workspaceId, {
      name: input.name,
      agentIds: unique(input.agentIds ?? []),
      topics: unique(input.topics ?? []),
    });
    await this.audit.record(workspaceId, { action: 'team.created', target: teamTarget(team.id), after: team });
    return team;
  }

  /** Null when the workspace has no such team. */
  async update(workspaceId: WorkspaceId, teamId: string, input: TeamInput): Promise<Team | null> {
    const before = await this.teams.findById(workspaceId, teamId);
    if (!before) return null;
    await this.check(workspaceId, input);
    const after = await this.teams.update(workspaceId, teamId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.agentIds !== undefined ? { agentIds: unique(input.agentIds) } : {}),
      ...(input.topics !== undefined ? { topics: unique(input.topics) } : {}),
    });
    await this.audit.record(workspaceId, { action: 'team.updated', target: teamTarget(teamId), before, after });
    return after;
  }

  async delete(workspaceId: WorkspaceId, teamId: string): Promise<boolean> {
    const before = await this.teams.findById(workspaceId, teamId);
    if (!before || !(await this.teams.delete(workspaceId, teamId))) return false;
    await this.audit.record(workspaceId, { action: 'team.deleted', target: teamTarget(teamId), before });
    return true;
  }

  /** Members of the teams that cover the topic; empty when none does. */
  agentIdsForTopic(workspaceId: WorkspaceId, topic: string): Promise<string[]> {
    return this.teams.agentIdsForTopic(workspaceId, topic);
  }

  private async check(workspaceId: WorkspaceId, input: TeamInput): Promise<void> {
    if (input.topics !== undefined) {
      const { ticketTopics } = await this.workspaces.settings(workspaceId);
      const unknown = input.topics.filter((topic) => !ticketTopics.includes(topic));
      if (unknown.length > 0) {
        throw new InvalidLabelFieldError(
          'topics',
          `topics must be among the workspace's ticketTopics; unknown: ${unknown.join(', ')}`,
        );
      }
    }
    for (const agentId of unique(input.agentIds ?? [])) {
      if (!(await this.agents.find(workspaceId, agentId))) {
        throw new InvalidLabelFieldError('agentIds', `agentIds must be agents of this workspace; unknown: ${agentId}`);
      }
    }
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function teamTarget(id: string): { type: string; id: string } {
  return { type: 'team', id };
}
