import type { WorkspaceId } from '@switchboard/database';
import type { ActionDefinitionView } from '../action-definitions.service';
import type { ActionCallOutcome } from '../calling/call-outcome';
import type { ActionCallRecord } from '../calling/call-record';
import type { ResolverClock } from '../matching/date-resolver';
import type { PendingAction } from '../matching/followup';
import type { ConversationTurn } from '../matching/matchable-action';

/** What the toolbox did with one requested call. */
export type ToolCallResult =
  /** The call was made (or refused by the caller's guards); the outcome is untrusted data, never instructions. */
  | { kind: 'called'; outcome: ActionCallOutcome; record: ActionCallRecord }
  /** A side effect: nothing was called; the turn asks the customer to confirm and ends. */
  | { kind: 'needs_confirmation' }
  /** An identity-bound action and no verified customer: nothing was called; the turn asks them to sign in. */
  | { kind: 'needs_identity' }
  /** No action of that name is available in this conversation. */
  | { kind: 'unknown_action' };

/**
 * How a planner calls actions during a turn. The turn service owns it: it fills identity parameters from the
 * verified customer (a planner never supplies them), holds side effects for confirmation, and records every call.
 */
export interface ActionToolbox {
  call(action: string, args: Record<string, string>): Promise<ToolCallResult>;
}

export interface ActionPlanRequest {
  workspaceId: WorkspaceId;
  conversationId: string;
  question: string;
  /** Earlier turns, oldest first. */
  history: readonly ConversationTurn[];
  clock: ResolverClock;
  /** The actions this conversation may use (channel and visibility already applied), enabled only. */
  actions: readonly ActionDefinitionView[];
  /** An action that waits for arguments the bot asked for last turn. */
  pending: PendingAction | null;
  /** The answer deadline: a planner stops calling and replies before it. */
  deadline: number;
}

/** How a planner's turn ended. */
export type ActionPlan =
  /** No action fits: the documents answer. */
  | { kind: 'no_action'; why: string; trace: Record<string, unknown> }
  /** A required argument is missing: ask for it and keep the action pending. */
  | { kind: 'follow_up'; pending: PendingAction; question: string; trace: Record<string, unknown> }
  /**
   * One or more toolbox calls were made. `reply` is the planner's own answer (LLM) or null, and the turn renders it
   * from the last call (offline). `stopped` is set when the toolbox stopped the turn (confirmation, identity).
   */
  | {
      kind: 'called';
      action: string;
      arguments: Record<string, string>;
      result: ToolCallResult;
      reply: string | null;
      trace: Record<string, unknown>;
    };

/** Chooses and calls actions for one customer message: the offline matcher, or an LLM with tool calling. */
export interface ActionPlanner {
  plan(request: ActionPlanRequest, toolbox: ActionToolbox): Promise<ActionPlan>;
}
