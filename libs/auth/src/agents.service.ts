import { Injectable } from '@nestjs/common';
import { AuditLog, REDACTED } from '@switchboard/audit';
import { Agent, AgentRole, WorkspaceId, isUuid } from '@switchboard/database';
import { In, QueryFailedError } from 'typeorm';
import { AgentSessionsService } from './agent-sessions.service';
import { AgentsRepository } from './agents.repository';
import { hashPassword } from './password-hasher';

export class DuplicateAgentError extends Error {
  constructor(readonly email: string) {
    super(`An agent with e-mail ${email} already exists in this workspace`);
    this.name = 'DuplicateAgentError';
  }
}

export interface AgentInput {
  email: string;
  name: string;
  role: AgentRole;
  password?: string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly sessions: AgentSessionsService,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: WorkspaceId, input: AgentInput): Promise<Agent> {
    const email = input.email.trim().toLowerCase();
    try {
      const agent = await this.agents.create(workspaceId, {
        email,
        name: input.name,
        role: input.role,
        passwordHash: input.password ? await hashPassword(input.password) : null,
      });
      const { passwordHash: _hidden, ...visible } = agent;
      await this.audit.record(workspaceId, {
        action: 'agent.created',
        target: agentTarget(agent.id),
        after: { ...visible, password: input.password ? REDACTED : null },
      });
      return visible as Agent;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DuplicateAgentError(email);
      }
      throw error;
    }
  }

  list(workspaceId: WorkspaceId): Promise<Agent[]> {
    return this.agents.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  get(workspaceId: WorkspaceId, id: string): Promise<Agent | null> {
    return this.agents.findById(workspaceId, id);
  }

  async update(workspaceId: WorkspaceId, id: string, patch: Partial<Omit<AgentInput, 'email'>>): Promise<Agent | null> {
    const before = await this.get(workspaceId, id);
    if (!before) return null;
    await this.agents.update(workspaceId, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
    });
    if (patch.password !== undefined) await this.sessions.endAll(workspaceId, id);
    const after = await this.get(workspaceId, id);
    await this.audit.record(workspaceId, {
      action: agentChange(before, patch),
      target: agentTarget(id),
      before,
      after: after && { ...after, ...(patch.password !== undefined ? { password: REDACTED } : {}) },
    });
    return after;
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const before = await this.get(workspaceId, id);
    if (!before || !(await this.agents.delete(workspaceId, id))) return false;
    await this.audit.record(workspaceId, { action: 'agent.deleted', target: agentTarget(id), before });
    return true;
  }

  /** The agent of the workspace with this e-mail (stored lower-cased), e.g. behind a Slack profile. */
  findByEmail(workspaceId: WorkspaceId, email: string): Promise<Agent | null> {
    return this.agents.findOne(workspaceId, { email: email.trim().toLowerCase() });
  }

  /** The names of the workspace's agents among these ids, by id, in one query (unknown ids are left out). */
  async names(workspaceId: WorkspaceId, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return new Map();
    const agents = await this.agents.find(workspaceId, { where: { id: In(wanted) }, select: { id: true, name: true } });
    return new Map(agents.map((agent) => [agent.id, agent.name]));
  }
}

function agentTarget(id: string): { type: string; id: string } {
  return { type: 'agent', id };
}

/** The audit action of an agent change, by what matters most for access: role, then password, then the rest. */
function agentChange(before: Agent, patch: Partial<Omit<AgentInput, 'email'>>): string {
  if (patch.role !== undefined && patch.role !== before.role) return 'agent.role_changed';
  if (patch.password !== undefined) return 'agent.password_reset';
  return 'agent.updated';
}
