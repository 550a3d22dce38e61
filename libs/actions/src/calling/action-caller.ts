import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import { WorkspaceId, WorkspaceMismatchError } from '@switchboard/database';
import { performance } from 'node:perf_hooks';
import { ActionDefinitionView, ActionDefinitionsService } from '../action-definitions.service';
import { argumentProblems } from '../definition/parameters-schema';
import { secretReferences } from '../definition/action-definition.rules';
import { hostOf } from '../definition/url-template';
import { ActionCallOutcome, isRetryable, outcomeOfStatus } from './call-outcome';
import { ActionCallRecord, excerptOf, recordedArguments, scrubSecretsDeep } from './call-record';
import {
  ACTION_CALL_LIMITS,
  ActionCallLimits,
  CALL_RATE_LIMITER,
  CallRateLimiter,
  DEFAULT_ACTION_CALL_LIMITS,
} from './call-rate-limit';
import { buildCallRequest, pathValueProblems } from './call-request';
import { ActionHttpRequest, GuardedHttpOptions, HttpCallError, sendGuarded } from './guarded-http';

/** The verified customer's values, by the name of the identity parameter they fill (e.g. customer_email). */
export type VerifiedIdentity = Readonly<Record<string, string>>;

export interface ActionCallContext {
  workspaceId: WorkspaceId;
  /** Null outside a conversation (a test call from the admin API); only the workspace limit applies then. */
  conversationId: string | null;
  /** Null for an anonymous customer: identity-bound actions are refused. */
  identity: VerifiedIdentity | null;
}

export interface ActionCallResult {
  outcome: ActionCallOutcome;
  record: ActionCallRecord;
}

/** What one HTTP attempt (or the refusal before it) came to. */
interface Attempt {
  outcome: ActionCallOutcome;
  status: number | null;
  excerpt: string | null;
}

/** The attempt that counts, how many were made, and the secret values they carried (to scrub from the record). */
interface Sent {
  attempt: Attempt;
  attempts: number;
  secrets: string[];
}

const MINUTE_MS = 60_000;

/**
 * Calls a workspace's action: identity parameters from the verified customer only, arguments checked against the
 * schema, the request under the network guard, one retry for what may pass the second time, and a record of the call
 * that holds no secret.
 */
@Injectable()
export class ActionCaller {
  private readonly logger = new Logger(ActionCaller.name);
  private readonly limits: ActionCallLimits;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly definitions: ActionDefinitionsService,
    private readonly workspaces: WorkspacesService,
    @Inject(CALL_RATE_LIMITER) private readonly limiter: CallRateLimiter,
    @Optional() @Inject(ACTION_CALL_LIMITS) limits?: ActionCallLimits,
  ) {
    this.limits = limits ?? DEFAULT_ACTION_CALL_LIMITS;
  }

  async call(
    definition: ActionDefinitionView,
    args: Record<string, unknown>,
    context: ActionCallContext,
  ): Promise<ActionCallResult> {
    // A definition only ever runs for its own workspace: its limits, its allow-list, its secrets.
    if (definition.workspaceId !== context.workspaceId) throw new WorkspaceMismatchError();
    const started = performance.now();
    const bound = withIdentity(definition, args, context.identity);
    const { actionHosts } = await this.workspaces.settings(context.workspaceId);
    const refusal = this.refusalBeforeCall(definition, bound, actionHosts) ?? (await this.rateLimited(context));
    const values = bound instanceof MissingIdentity ? bound.given : bound;
    const sent = refusal
      ? { attempt: { outcome: refusal, status: null, excerpt: null }, attempts: 0, secrets: [] }
      : await this.send(definition, values, context.workspaceId, actionHosts);
    const record: ActionCallRecord = {
      action: definition.name,
      arguments: recordedArguments(values, definition.identity, sent.secrets),
      status: sent.attempt.status,
      latencyMs: Math.round(performance.now() - started),
      outcome: sent.attempt.outcome.kind,
      attempts: sent.attempts,
      responseExcerpt: sent.attempt.excerpt,
    };
    this.logOutcome(definition, context, record);
    return { outcome: sent.attempt.outcome, record };
  }

  /** Makes the call, and once more when the first attempt may pass the second time. */
  private async send(
    definition: ActionDefinitionView,
    values: Record<string, unknown>,
    workspaceId: WorkspaceId,
    actionHosts: readonly string[],
  ): Promise<Sent> {
    const secrets = await this.secretsOf(definition, workspaceId);
    const secretValues = Object.values(secrets);
    const request = buildCallRequest(definition, values, secrets);
    const options = this.httpOptions(definition, actionHosts);
    const first = await this.attempt(request, options, secretValues);
    if (!isRetryable(first.outcome)) return { attempt: first, attempts: 1, secrets: secretValues };
    return { attempt: await this.attempt(request, options, secretValues), attempts: 2, secrets: secretValues };
  }

  /** Refuses what must not be called at all, in order: disabled, no verified identity, bad arguments, host. */
  private refusalBeforeCall(
    definition: ActionDefinitionView,
    values: Record<string, unknown> | MissingIdentity,
    actionHosts: readonly string[],
  ): ActionCallOutcome | null {
    if (!definition.enabled) return refused('disabled', `action ${definition.name} is disabled`);
    if (values instanceof MissingIdentity) {
      return refused(
        'identity_missing',
        `action ${definition.name} needs a verified customer (${values.names.join(', ')})`,
      );
    }
    const problems = [...argumentProblems(definition.parameters, values), ...pathValueProblems(definition, values)];
    if (problems.length > 0) return { kind: 'invalid_arguments', problems };
    const host = hostOf(definition.url) ?? '';
    if (!actionHosts.includes(host)) {
      return refused('host_not_allowed', `${host} is not one of the workspace's action hosts`);
    }
    return null;
  }

  private async rateLimited(context: ActionCallContext): Promise<ActionCallOutcome | null> {
    const scopes: Array<[string, number]> = [[`actions:w:${context.workspaceId}`, this.limits.perWorkspacePerMinute]];
    if (context.conversationId) {
      scopes.push([`actions:c:${context.conversationId}`, this.limits.perConversationPerMinute]);
    }
    for (const [key, limit] of scopes) {
      // Open while Redis is down: an outage must not stop the bot from answering.
      const decision = await this.limiter.hit(key, limit, MINUTE_MS, 'open');
      if (!decision.allowed) {
        const message = 'too many action calls; try again shortly';
        return { kind: 'refused', reason: 'rate_limited', message, retryAfterSeconds: decision.retryAfterSeconds };
      }
    }
    return null;
  }

  private async secretsOf(definition: ActionDefinitionView, workspaceId: WorkspaceId): Promise<Record<string, string>> {
    const referenced = Object.values(definition.headers).some((value) => secretReferences(value).length > 0);
    return referenced ? this.definitions.openSecrets(workspaceId, definition.id) : {};
  }

  private httpOptions(definition: ActionDefinitionView, actionHosts: readonly string[]): GuardedHttpOptions {
    return {
      timeoutMs: definition.timeoutMs,
      maxResponseBytes: definition.maxResponseBytes,
      allowedHosts: actionHosts,
      allowPrivateNetworks: this.config.actions.allowPrivateNetworks,
    };
  }

  private async attempt(request: ActionHttpRequest, options: GuardedHttpOptions, secrets: string[]): Promise<Attempt> {
    try {
      const { status, body } = await sendGuarded(request, options);
      const excerpt = body.length > 0 ? excerptOf(body, secrets) : null;
      if (status < 200 || status > 299) return { outcome: outcomeOfStatus(status, excerpt ?? ''), status, excerpt };
      return { outcome: parsedOk(status, body, excerpt, secrets), status, excerpt };
    } catch (error) {
      if (!(error instanceof HttpCallError)) throw error;
      return { outcome: outcomeOfFailure(error, options), status: error.status, excerpt: null };
    }
  }

  /** Names the action and the outcome only: arguments and responses may hold personal data, headers secrets. */
  private logOutcome(definition: ActionDefinitionView, context: ActionCallContext, record: ActionCallRecord): void {
    if (record.outcome === 'ok') return;
    const status = record.status === null ? '' : ` (HTTP ${record.status})`;
    this.logger.warn(
      `action ${definition.name} of workspace ${context.workspaceId}: ${record.outcome}${status} after ${record.attempts} attempt(s)`,
    );
  }
}

/** The identity parameters that have no verified value, and the other arguments given. */
class MissingIdentity {
  constructor(
    readonly names: string[],
    readonly given: Record<string, unknown>,
  ) {}
}

/** The arguments with every identity parameter taken from the verified identity; whatever was typed is dropped. */
function withIdentity(
  definition: ActionDefinitionView,
  args: Record<string, unknown>,
  identity: VerifiedIdentity | null,
): Record<string, unknown> | MissingIdentity {
  const values = Object.fromEntries(Object.entries(args).filter(([name]) => !definition.identity.includes(name)));
  const missing = definition.identity.filter((name) => !identity?.[name]);
  if (missing.length > 0) return new MissingIdentity(missing, values);
  for (const name of definition.identity) values[name] = identity![name];
  return values;
}

function refused(
  reason: Extract<ActionCallOutcome, { kind: 'refused' }>['reason'],
  message: string,
): ActionCallOutcome {
  return { kind: 'refused', reason, message };
}

function parsedOk(status: number, body: Buffer, excerpt: string | null, secrets: string[]): ActionCallOutcome {
  if (body.length === 0) return { kind: 'ok', status, body: null };
  try {
    return { kind: 'ok', status, body: scrubSecretsDeep(JSON.parse(body.toString('utf8')), secrets) };
  } catch {
    return { kind: 'failed', reason: 'invalid_json', status, excerpt: excerpt ?? '' };
  }
}

function outcomeOfFailure(error: HttpCallError, options: GuardedHttpOptions): ActionCallOutcome {
  switch (error.reason) {
    case 'too_large':
      return { kind: 'response_too_large', status: error.status, limitBytes: options.maxResponseBytes };
    case 'host_not_allowed':
    case 'network_guard':
      return refused(error.reason, error.message);
    case 'timeout':
    case 'network':
    case 'bad_redirect':
      return { kind: 'failed', reason: error.reason, status: error.status, excerpt: '' };
  }
}
