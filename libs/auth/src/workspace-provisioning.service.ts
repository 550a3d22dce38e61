import { Injectable } from '@nestjs/common';
import { AuditLog, REDACTED } from '@switchboard/audit';
import { Agent, type Workspace, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { WorkspacesService } from '@switchboard/conversations';
import { EntityManager } from 'typeorm';
import { AgentsRepository } from './agents.repository';
import { ApiKeysService, IssuedApiKey } from './api-keys.service';
import { hashPassword } from './password-hasher';

export interface FirstAdminInput {
  email: string;
  name: string;
  password: string;
}

export interface ProvisionedWorkspace {
  workspace: Workspace;
  apiKey: IssuedApiKey;
  /** The first admin agent, when one was asked for. */
  admin?: Agent;
  /** What still needs doing before customers can be served, e.g. no agent yet. */
  warnings: string[];
}

export const NO_AGENT_WARNING =
  'This workspace has no agents yet: until one signs in to the console, handoffs tell customers nobody is online ' +
  'and ask for an e-mail address. Add one with POST /v1/agents (or pass "admin" when creating a workspace).';

/** Creates a workspace together with the API key that manages it (and optionally its first admin), in one transaction. */
@Injectable()
export class WorkspaceProvisioningService {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly apiKeys: ApiKeysService,
    private readonly agents: AgentsRepository,
    private readonly audit: AuditLog,
  ) {}

  async provision(
    name: string,
    settings?: Partial<WorkspaceSettings>,
    firstAdmin?: FirstAdminInput,
  ): Promise<ProvisionedWorkspace> {
    const passwordHash = firstAdmin ? await hashPassword(firstAdmin.password) : null;
    return this.workspaces.createWith(name, settings, async (workspace, manager) => {
      const workspaceId = workspace.id as WorkspaceId;
      const target = { type: 'workspace', id: workspaceId };
      await this.audit.record(workspaceId, { action: 'workspace.created', target, after: workspace, manager });
      const apiKey = await this.apiKeys.issue(workspaceId, 'Default key', manager);
      if (!firstAdmin || !passwordHash) return { workspace, apiKey, warnings: [NO_AGENT_WARNING] };
      const admin = await this.createAdmin(manager, workspaceId, firstAdmin, passwordHash);
      return { workspace, apiKey, admin, warnings: [] };
    });
  }

  private async createAdmin(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    input: FirstAdminInput,
    passwordHash: string,
  ): Promise<Agent> {
    const saved = await this.agents.withManager(manager).create(workspaceId, {
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: 'admin',
      passwordHash,
    });
    const { passwordHash: _hidden, ...visible } = saved;
    const after = { ...visible, password: REDACTED };
    await this.audit.record(workspaceId, {
      action: 'agent.created',
      target: { type: 'agent', id: saved.id },
      after,
      manager,
    });
    return visible as Agent;
  }
}
