import { LRUCache } from 'lru-cache';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { WorkspacesService } from '@switchboard/conversations';
import {
  ActionDefinition,
  ActionMethod,
  ChannelType,
  UnitOfWork,
  Visibility,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { ActionDefinitionsRepository } from './action-definitions.repository';
import { InvalidActionDefinitionError } from './action-definition.errors';
import {
  ActionDefinitionFields,
  MAX_RESPONSE_BYTES,
  TIMEOUT_MS,
  definitionProblems,
  secretProblems,
} from './definition/action-definition.rules';
import { ActionSecretsCipher } from './secrets/action-secrets.cipher';

/** An action as an admin declares it; `parameters` is checked against the supported JSON Schema subset. */
export interface ActionDefinitionInput {
  name: string;
  description: string;
  method: ActionMethod;
  url: string;
  parameters: unknown;
  /** Parameter names filled from the verified customer; one name or null are accepted too. */
  identity?: string | string[] | null;
  sideEffect?: boolean;
  examples?: string[];
  headers?: Record<string, string>;
  /** Write-only values by name; in a change, null removes a secret. */
  secrets?: Record<string, string | null>;
  channels?: ChannelType[] | null;
  visibility?: Visibility;
  timeoutMs?: number;
  maxResponseBytes?: number;
  answerTemplate?: string | null;
  enabled?: boolean;
}

export type ActionDefinitionChange = Partial<ActionDefinitionInput>;

/** A secret as anyone outside the caller sees it: its name only. */
export interface ActionSecretView {
  name: string;
  set: true;
}

/** An action as the API and the bot see it: never a secret's value. */
export interface ActionDefinitionView extends ActionDefinitionFields {
  id: string;
  workspaceId: WorkspaceId;
  secrets: ActionSecretView[];
  createdAt: Date;
  updatedAt: Date;
}

/** The workspace's actions: declared, checked, with secrets sealed on the way in and never shown on the way out. */
@Injectable()
export class ActionDefinitionsService {
  // The bot reads a workspace's enabled actions on every turn; fetch() folds concurrent reads into one query. A
  // change made through this process is seen at once, one made in another process within ENABLED_CACHE_MS.
  private readonly enabledCache = new LRUCache<WorkspaceId, ActionDefinitionView[]>({
    max: 10_000,
    ttl: ENABLED_CACHE_MS,
    fetchMethod: async (workspaceId) => (await this.list(workspaceId)).filter((action) => action.enabled),
  });

  constructor(
    private readonly actions: ActionDefinitionsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly workspaces: WorkspacesService,
    private readonly cipher: ActionSecretsCipher,
    private readonly audit: AuditLog,
  ) {}

  async list(workspaceId: WorkspaceId): Promise<ActionDefinitionView[]> {
    return (await this.actions.listWithSecrets(workspaceId)).map(toView);
  }

  /** The workspace's enabled actions, from a short-lived cache: what the bot may use on this turn. */
  async enabledCached(workspaceId: WorkspaceId): Promise<ActionDefinitionView[]> {
    return (await this.enabledCache.fetch(workspaceId)) ?? [];
  }

  async get(workspaceId: WorkspaceId, id: string): Promise<ActionDefinitionView | null> {
    const action = await this.actions.findWithSecrets(workspaceId, id);
    return action ? toView(action) : null;
  }

  async create(workspaceId: WorkspaceId, input: ActionDefinitionInput): Promise<ActionDefinitionView> {
    asWorkspaceId(workspaceId);
    const fields = { ...DEFAULTS, ...definedFields(input) } as ActionDefinitionFields;
    const secrets = this.sealed(workspaceId, {}, input.secrets ?? {});
    await this.check(workspaceId, fields, input.secrets ?? {}, Object.keys(secrets));
    return this.unitOfWork
      .run(workspaceId, async ({ manager }) => {
        const actions = this.actions.withManager(manager);
        const id = await actions.insert(workspaceId, { ...fields, secrets });
        const created = toView((await actions.findWithSecrets(workspaceId, id))!);
        const after = { ...created, secrets };
        await this.audit.record(workspaceId, { action: 'action.created', target: actionTarget(id), after, manager });
        return created;
      })
      .finally(() => this.enabledCache.delete(workspaceId));
  }

  /** Applies the change under the row's lock; null when the workspace has no such action. */
  async update(
    workspaceId: WorkspaceId,
    id: string,
    change: ActionDefinitionChange,
  ): Promise<ActionDefinitionView | null> {
    return this.unitOfWork
      .run(workspaceId, async ({ manager }) => {
        const actions = this.actions.withManager(manager);
        const current = await actions.findWithSecrets(workspaceId, id, true);
        if (!current) return null;
        // The sealed values stand in for the secrets: the diff shows a changed value (redacted), the view only names.
        const before = { ...toView(current), secrets: current.secrets };
        const fields: ActionDefinitionFields = { ...fieldsOf(current), ...definedFields(change) };
        const secrets = this.sealed(workspaceId, current.secrets, change.secrets ?? {});
        await this.check(workspaceId, fields, change.secrets ?? {}, Object.keys(secrets));
        Object.assign(current, fields, { secrets });
        await actions.save(current);
        const after = toView(current);
        await this.audit.record(workspaceId, {
          action: 'action.updated',
          target: actionTarget(id),
          before,
          after: { ...after, secrets },
          manager,
        });
        return after;
      })
      .finally(() => this.enabledCache.delete(workspaceId));
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const before = await this.get(workspaceId, id);
    const deleted = await this.actions.delete(workspaceId, id).finally(() => this.enabledCache.delete(workspaceId));
    if (deleted) await this.audit.record(workspaceId, { action: 'action.deleted', target: actionTarget(id), before });
    return deleted;
  }

  /** The action's secret values, opened for the caller: they go into its request headers and nowhere else. */
  async openSecrets(workspaceId: WorkspaceId, id: string): Promise<Record<string, string>> {
    const action = await this.actions.findWithSecrets(workspaceId, id);
    const sealed = action?.secrets ?? {};
    return Object.fromEntries(
      Object.entries(sealed).map(([name, value]) => [name, this.cipher.open(workspaceId, name, value)]),
    );
  }

  private async check(
    workspaceId: WorkspaceId,
    fields: ActionDefinitionFields,
    givenSecrets: Record<string, string | null>,
    secretNames: string[],
  ): Promise<void> {
    const { actionHosts } = await this.workspaces.settings(workspaceId);
    const problems = [...secretProblems(givenSecrets), ...definitionProblems(fields, { actionHosts, secretNames })];
    if (problems.length > 0) throw new InvalidActionDefinitionError(problems);
  }

  /** The stored sealed secrets with the given ones sealed in; a null value removes its secret. */
  private sealed(
    workspaceId: WorkspaceId,
    current: Record<string, string>,
    given: Record<string, string | null>,
  ): Record<string, string> {
    const secrets = { ...current };
    for (const [name, value] of Object.entries(given)) {
      if (value === null) delete secrets[name];
      else secrets[name] = this.cipher.seal(workspaceId, name, value);
    }
    return secrets;
  }
}

const ENABLED_CACHE_MS = 2000;

const DEFAULTS: Omit<ActionDefinitionFields, 'name' | 'description' | 'method' | 'url' | 'parameters'> = {
  identity: [],
  sideEffect: false,
  examples: [],
  headers: {},
  channels: null,
  visibility: 'public',
  timeoutMs: TIMEOUT_MS.default,
  maxResponseBytes: MAX_RESPONSE_BYTES.default,
  answerTemplate: null,
  enabled: true,
};

/** The fields the input sets, with identity as a list; secrets are handled apart. */
function definedFields(input: ActionDefinitionChange): Partial<ActionDefinitionFields> {
  const { secrets: _secrets, identity, parameters, ...rest } = input;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  if (identity !== undefined) fields.identity = identity === null ? [] : [...new Set([identity].flat())];
  // Checked against the supported schema subset before anything is stored.
  if (parameters !== undefined) (fields as { parameters?: unknown }).parameters = parameters;
  return fields;
}

function fieldsOf(action: ActionDefinition): ActionDefinitionFields {
  const {
    id: _id,
    workspaceId: _workspace,
    workspace: _row,
    secrets: _secrets,
    createdAt: _c,
    updatedAt: _u,
    ...fields
  } = action;
  return fields;
}

function toView(action: ActionDefinition): ActionDefinitionView {
  const secrets = Object.keys(action.secrets ?? {})
    .sort()
    .map((name): ActionSecretView => ({ name, set: true }));
  return {
    ...fieldsOf(action),
    id: action.id,
    workspaceId: action.workspaceId,
    secrets,
    createdAt: action.createdAt,
    updatedAt: action.updatedAt,
  };
}

function actionTarget(id: string): { type: string; id: string } {
  return { type: 'action', id };
}
