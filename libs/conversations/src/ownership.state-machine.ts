import { ConversationOwner } from '@switchboard/database';

/** What can happen to who owns a conversation. */
export type OwnershipAction = 'hand_off' | 'claim' | 'release' | 'hand_back' | 'resolve' | 'reopen';

export type OwnershipEventName =
  | 'conversation.handed_off'
  | 'conversation.claimed'
  | 'conversation.released'
  | 'conversation.handed_back'
  | 'conversation.resolved'
  | 'conversation.reopened';

interface Transition {
  from: readonly ConversationOwner[];
  to: ConversationOwner;
  event: OwnershipEventName;
}

/** The only place ownership rules live: bot → queued → agent → bot, resolved, and reopened. */
const TRANSITIONS: { readonly [A in OwnershipAction]: Transition } = {
  hand_off: { from: ['bot'], to: 'queued', event: 'conversation.handed_off' },
  // An agent may take over a conversation the bot still holds, or one waiting in the queue.
  claim: { from: ['bot', 'queued'], to: 'agent', event: 'conversation.claimed' },
  release: { from: ['agent'], to: 'queued', event: 'conversation.released' },
  hand_back: { from: ['agent', 'queued'], to: 'bot', event: 'conversation.handed_back' },
  resolve: { from: ['bot', 'queued', 'agent'], to: 'resolved', event: 'conversation.resolved' },
  // A new customer message after resolution goes to the bot first.
  reopen: { from: ['resolved'], to: 'bot', event: 'conversation.reopened' },
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ConversationOwner,
    readonly action: OwnershipAction,
  ) {
    super(`Cannot ${action.replace('_', ' ')} a conversation owned by ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface TransitionResult {
  from: ConversationOwner;
  to: ConversationOwner;
  event: OwnershipEventName;
}

export function transition(from: ConversationOwner, action: OwnershipAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) throw new IllegalTransitionError(from, action);
  return { from, to: rule.to, event: rule.event };
}

export function canTransition(from: ConversationOwner, action: OwnershipAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

/** The bot speaks only in conversations it owns: never over an agent, never in the queue. */
export function botMayAnswer(owner: ConversationOwner): boolean {
  return owner === 'bot';
}

export const OWNERSHIP_ACTIONS = Object.keys(TRANSITIONS) as OwnershipAction[];
