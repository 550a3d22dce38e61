import { Inject, Injectable, Optional } from '@nestjs/common';
import { filterAnswer } from '@switchboard/answers';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import type { ChannelType, TracedActionCall, TurnRoute, Visibility, WorkspaceId } from '@switchboard/database';
import { ActionDefinitionsService, ActionDefinitionView } from '../action-definitions.service';
import { ActionCaller, VerifiedIdentity } from '../calling/action-caller';
import type { ActionCallRecord } from '../calling/call-record';
import type { ConversationTurn } from '../matching/matchable-action';
import type { PendingAction } from '../matching/followup';
import { ActionPlan, ToolCallResult } from './action-planner';
import {
  confirmationQuestion,
  declinedReply,
  isExplicitNo,
  isExplicitYes,
  replyForOutcome,
  signInRequest,
} from './action-replies';
import { ACTION_CLOCK, ActionClock, SYSTEM_CLOCK } from './action-clock';
import { ActionPlannerChoice } from './action-planner-choice';
import { PendingActionsRepository } from './pending-actions.repository';
import type { PendingActionState } from '@switchboard/database';

/** Who the customer is, as the channel proved it: a verified e-mail and the business's own user id. */
export interface VerifiedCustomer {
  email: string | null;
  userId: string | null;
}

export interface ActionTurnRequest {
  workspaceId: WorkspaceId;
  conversationId: string;
  question: string;
  /** Earlier turns, oldest first (agents' turns count as the business speaking). */
  history: readonly ConversationTurn[];
  channel: ChannelType;
  visibility: readonly Visibility[];
  customer: VerifiedCustomer | null;
  /** The turn's answer deadline (ms since the epoch). */
  deadline: number;
}

/** A side effect waiting for the customer's yes, shown as buttons where the channel has them. */
export interface ConfirmationRequest {
  action: string;
  arguments: Record<string, string>;
}

/** What the action step made of the customer's message. */
export type ActionTurn =
  /** No action applies: the documents answer, and the trace keeps why. */
  | { kind: 'documents'; route: TurnRoute }
  | {
      kind: 'reply';
      text: string;
      route: TurnRoute;
      calls: ActionCallRecord[];
      confirmation: ConfirmationRequest | null;
    }
  /** A call failed in a way retrying did not fix: a person takes over with the call in the handoff packet. */
  | { kind: 'handoff'; reason: 'action_failed'; route: TurnRoute; calls: ActionCallRecord[] };

// A question the bot asked stays open this long; after it, a "yes" starts nothing.
const PENDING_TTL_MS = 30 * 60_000;

/**
 * The agent pattern inside a customer's turn: finds the workspace's actions for this channel, lets the planner
 * choose and call one, and owns the rules a support lead relies on: identity parameters only from the verified
 * customer, a side effect only after an explicit yes in the same conversation, every call on the trace.
 */
@Injectable()
export class ActionTurnService {
  constructor(
    private readonly definitions: ActionDefinitionsService,
    private readonly caller: ActionCaller,
    private readonly pendingActions: PendingActionsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly planners: ActionPlannerChoice,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(ACTION_CLOCK) private readonly clock: ActionClock = SYSTEM_CLOCK,
  ) {}

  /** Whether the workspace has any enabled action at all: when not, a turn costs nothing here. */
  async hasActions(workspaceId: WorkspaceId): Promise<boolean> {
    return (await this.definitions.enabledCached(workspaceId)).length > 0;
  }

  async take(request: ActionTurnRequest): Promise<ActionTurn> {
    const actions = (await this.definitions.enabledCached(request.workspaceId)).filter(
      (action) =>
        request.visibility.includes(action.visibility) && (action.channels?.includes(request.channel) ?? true),
    );
    if (actions.length === 0) return documents('no actions for this channel');
    const now = this.clock.now();
    const pending = await this.pendingActions.findLive(request.workspaceId, request.conversationId, now);
    if (pending?.awaiting === 'confirmation') {
      const confirmed = await this.answerToConfirmation(request, actions, pending);
      if (confirmed) return confirmed;
    }
    const { timezone } = await this.workspaces.settings(request.workspaceId);
    const planner = this.planners.current();
    const calls: ActionCallRecord[] = [];
    const plan: ActionPlan = await planner.planner.plan(
      {
        workspaceId: request.workspaceId,
        conversationId: request.conversationId,
        question: request.question,
        history: request.history,
        clock: { now, timeZone: timezone },
        actions,
        pending: pending?.awaiting === 'arguments' ? pendingOf(pending) : null,
        deadline: request.deadline,
      },
      { call: (name, args) => this.callOrHold(request, actions, name, args, calls) },
    );
    // A waiting action the message did not continue is dropped: a later message must not complete it by chance.
    if (pending && !keepsWaiting(plan)) await this.pendingActions.clear(request.workspaceId, request.conversationId);
    return this.turnOf(request, actions, plan, calls, planner.kind);
  }

  /** The customer's message after "Please confirm": yes calls the action, no drops it, anything else moves on. */
  private async answerToConfirmation(
    request: ActionTurnRequest,
    actions: readonly ActionDefinitionView[],
    pending: PendingActionState,
  ): Promise<ActionTurn | null> {
    const definition = actions.find((action) => action.name === pending.action);
    const yes = isExplicitYes(request.question);
    if (!yes && !isExplicitNo(request.question)) {
      await this.pendingActions.clear(request.workspaceId, request.conversationId);
      return null;
    }
    // Taken once: two "yes" messages racing call the action once.
    const taken = await this.pendingActions.take(request.workspaceId, request.conversationId, pending.id);
    if (!taken || !definition) return null;
    const route: TurnRoute = {
      path: 'action',
      why: yes ? `confirmed ${definition.name}` : `declined ${definition.name}`,
    };
    if (!yes) return { kind: 'reply', text: declinedReply(definition), route, calls: [], confirmation: null };
    const result = await this.callNow(request, definition, pending.arguments);
    return this.outcomeTurn(definition, pending.arguments, result, route, [result.record]);
  }

  /** The toolbox's call: identity checked, side effects held for a yes, everything else called and recorded. */
  private async callOrHold(
    request: ActionTurnRequest,
    actions: readonly ActionDefinitionView[],
    name: string,
    args: Record<string, string>,
    calls: ActionCallRecord[],
  ): Promise<ToolCallResult> {
    const definition = actions.find((action) => action.name === name);
    if (!definition) return { kind: 'unknown_action' };
    const textArgs = withoutIdentity(definition, args);
    if (definition.identity.length > 0 && !identityOf(definition, request.customer)) return { kind: 'needs_identity' };
    if (definition.sideEffect) {
      await this.pendingActions.put(request.workspaceId, request.conversationId, {
        action: name,
        arguments: textArgs,
        missing: [],
        awaiting: 'confirmation',
        expiresAt: new Date(this.clock.now().getTime() + PENDING_TTL_MS),
      });
      return { kind: 'needs_confirmation' };
    }
    const result = await this.callNow(request, definition, textArgs);
    calls.push(result.record);
    return result;
  }

  private async callNow(
    request: ActionTurnRequest,
    definition: ActionDefinitionView,
    args: Record<string, string>,
  ): Promise<{ kind: 'called' } & Awaited<ReturnType<ActionCaller['call']>>> {
    const result = await this.caller.call(definition, args, {
      workspaceId: request.workspaceId,
      conversationId: request.conversationId,
      identity: identityOf(definition, request.customer),
    });
    return { kind: 'called', ...result };
  }

  private async turnOf(
    request: ActionTurnRequest,
    actions: readonly ActionDefinitionView[],
    plan: ActionPlan,
    calls: ActionCallRecord[],
    planner: 'offline' | 'llm',
  ): Promise<ActionTurn> {
    const traced = (why: string): TurnRoute => ({
      path: 'action',
      why,
      planner,
      plan: plan.trace,
      calls: traceOf(calls),
    });
    if (plan.kind === 'no_action')
      return { kind: 'documents', route: { path: 'answer', why: plan.why, planner, plan: plan.trace } };
    if (plan.kind === 'follow_up') {
      await this.keepWaitingForArguments(request, plan.pending);
      return {
        kind: 'reply',
        text: plan.question,
        route: traced(`asked for ${plan.pending.missing.join(', ')}`),
        calls,
        confirmation: null,
      };
    }
    const definition = actions.find((action) => action.name === plan.action);
    if (!definition) return documents(`planner chose unknown action ${plan.action}`);
    return this.resultTurn(
      definition,
      plan,
      traced(`${plan.result.kind === 'called' ? 'called' : plan.result.kind.replace('_', ' ')} ${definition.name}`),
      calls,
    );
  }

  private resultTurn(
    definition: ActionDefinitionView,
    plan: Extract<ActionPlan, { kind: 'called' }>,
    route: TurnRoute,
    calls: ActionCallRecord[],
  ): ActionTurn {
    const { result } = plan;
    switch (result.kind) {
      case 'needs_confirmation': {
        const args = withoutIdentity(definition, plan.arguments);
        const confirmation = { action: definition.name, arguments: args };
        return { kind: 'reply', text: confirmationQuestion(definition, args), route, calls, confirmation };
      }
      case 'needs_identity':
        return { kind: 'reply', text: signInRequest(definition), route, calls, confirmation: null };
      case 'unknown_action':
        return { kind: 'documents', route: { ...route, path: 'answer' } };
      case 'called':
        return this.outcomeTurn(definition, plan.arguments, result, route, calls, plan.reply);
    }
  }

  private outcomeTurn(
    definition: ActionDefinitionView,
    args: Record<string, string>,
    result: Extract<ToolCallResult, { kind: 'called' }>,
    route: TurnRoute,
    calls: ActionCallRecord[],
    plannerReply: string | null = null,
  ): ActionTurn {
    const tracedRoute = { ...route, calls: traceOf(calls) };
    const reply = replyForOutcome(definition, withoutIdentity(definition, args), result.outcome);
    if (reply.kind === 'handoff')
      return {
        kind: 'handoff',
        reason: 'action_failed',
        route: { ...tracedRoute, why: `${route.why}: ${reply.why}` },
        calls,
      };
    const text =
      result.outcome.kind === 'ok' && plannerReply
        ? this.filtered(plannerReply, result.outcome.body, reply.text)
        : reply.text;
    return { kind: 'reply', text, route: tracedRoute, calls, confirmation: null };
  }

  /**
   * The model's reply after the output filter, as for answers: links only to allowed domains, no number or address
   * the response did not hold. A blocked reply falls back to the one rendered from the response.
   */
  private filtered(plannerReply: string, body: unknown, rendered: string): string {
    const filtered = filterAnswer(plannerReply, {
      sources: [{ text: JSON.stringify(body ?? null), url: null }],
      question: '',
      systemPrompt: '',
      allowedDomains: this.config.answers.allowedLinkDomains,
    });
    return filtered.blocked ? rendered : filtered.text;
  }

  private async keepWaitingForArguments(request: ActionTurnRequest, pending: PendingAction): Promise<void> {
    await this.pendingActions.put(request.workspaceId, request.conversationId, {
      action: pending.action,
      arguments: pending.arguments,
      missing: pending.missing,
      awaiting: 'arguments',
      expiresAt: new Date(this.clock.now().getTime() + PENDING_TTL_MS),
    });
  }
}

/** The plan stored a new waiting action (a follow-up question or a confirmation). */
function keepsWaiting(plan: ActionPlan): boolean {
  return plan.kind === 'follow_up' || (plan.kind === 'called' && plan.result.kind === 'needs_confirmation');
}

function documents(why: string): ActionTurn {
  return { kind: 'documents', route: { path: 'answer', why } };
}

function pendingOf(state: PendingActionState): PendingAction {
  return { action: state.action, arguments: state.arguments, missing: state.missing };
}

function traceOf(calls: readonly ActionCallRecord[]): TracedActionCall[] {
  return calls.map((call) => ({ ...call }));
}

/** The text arguments only: whatever a planner put in an identity parameter is dropped. */
function withoutIdentity(definition: ActionDefinitionView, args: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).filter(([name]) => !definition.identity.includes(name)));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The verified values for the action's identity parameters: a parameter about an e-mail takes the verified
 * e-mail, any other the business's user id. Null when one of them has no verified value.
 */
export function identityOf(
  definition: ActionDefinitionView,
  customer: VerifiedCustomer | null,
): VerifiedIdentity | null {
  if (!customer) return null;
  const values: Record<string, string> = {};
  for (const name of definition.identity) {
    const value = /e-?mail/i.test(name) ? customer.email : customer.userId;
    if (!value) return null;
    values[name] = value;
  }
  return values;
}

/** A verified e-mail only when it looks like one. */
export function verifiedEmail(value: string | null | undefined): string | null {
  return value && EMAIL.test(value) ? value.toLowerCase() : null;
}
