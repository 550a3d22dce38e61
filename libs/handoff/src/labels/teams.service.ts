import { Injectable } from '@nestjs/common';
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
  ) {}

  list(workspaceId: WorkspaceId): Promise<Team[]> {
    return this.teams.list(workspaceId);
  }

  get(workspaceId: WorkspaceId, teamId: string): Promise<Team | null> {
    return this.teams.findById(workspaceId, teamId);
  }

  async create(workspaceId: WorkspaceId, input: TeamInput & Pick<TeamFields, 'name'>): Promise<Team> {
    await this.check(workspaceId, input);
    return this.teams.create(workspaceId, {
      name: input.name,
      agentIds: unique(input.agentIds ?? []),
      topics: unique(input.topics ?? []),
    });
  }

  /** Null when the workspace has no such team. */
  async update(workspaceId: WorkspaceId, teamId: string, input: TeamInput): Promise<Team | null> {
    if (!(await this.teams.findById(workspaceId, teamId))) return null;
    await this.check(workspaceId, input);
    return this.teams.update(workspaceId, teamId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.agentIds !== undefined ? { agentIds: unique(input.agentIds) } : {}),
      ...(input.topics !== undefined ? { topics: unique(input.topics) } : {}),
    });
  }

  delete(workspaceId: WorkspaceId, teamId: string): Promise<boolean> {
    return this.teams.delete(workspaceId, teamId);
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
