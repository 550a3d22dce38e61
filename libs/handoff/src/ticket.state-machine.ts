import { TicketStatus } from '@switchboard/database';

/**
 * What moves a ticket. Commands an agent gives name that agent; `assign` names the agent the round-robin picked;
 * `reopen` names the agent who held the resolved ticket when they are online to take it back, else null.
 */
export type TicketCommand =
  | { name: 'claim' | 'assign' | 'mark_pending' | 'resolve' | 'hand_back'; agentId: string }
  | { name: 'reopen'; agentId: string | null }
  | { name: 'customer_message' };

export type TicketCommandName = TicketCommand['name'];

export interface TicketState {
  status: TicketStatus;
  assigneeId: string | null;
}

/** Who holds the ticket, seen from the command's agent; a command without an agent sees any holder as another. */
export type TicketHolding = 'unheld' | 'held_by_actor' | 'held_by_other';

export type TicketRefusal =
  { reason: 'illegal'; from: TicketStatus; command: TicketCommandName } | { reason: 'held'; holderId: string | null };

export type TicketTransition =
  | { outcome: 'moved'; from: TicketState; to: TicketState }
  /** A repeat (claiming one's own ticket, resolving a resolved one) or nothing to do: the ticket stays as it is. */
  | { outcome: 'unchanged'; state: TicketState }
  | { outcome: 'refused'; refusal: TicketRefusal };

interface Move {
  to: TicketStatus;
  /** The command's agent takes the ticket, its holder keeps it, or nobody holds it any more. */
  assignee: 'actor' | 'kept' | 'cleared';
}
type Outcome = Move | 'unchanged' | 'illegal' | 'held';
type Rule = Outcome | { readonly [H in TicketHolding]: Outcome };

const TO_ACTOR: Move = { to: 'assigned', assignee: 'actor' };
const BACK_TO_HOLDER: Move = { to: 'assigned', assignee: 'kept' };
const TO_QUEUE: Move = { to: 'open', assignee: 'cleared' };
const PENDING: Move = { to: 'pending', assignee: 'kept' };
const RESOLVED: Move = { to: 'resolved', assignee: 'kept' };

/** Only the holder acts on a held ticket (another agent finds it held); anyone acts on an unheld one. */
function holderOnly(outcome: Outcome): Rule {
  return { unheld: outcome, held_by_actor: outcome, held_by_other: 'held' };
}

/** The only place ticket status rules live: open → assigned ⇄ pending → resolved, and reopened. */
const TRANSITIONS: { readonly [C in TicketCommandName]: { readonly [S in TicketStatus]: Rule } } = {
  claim: {
    open: TO_ACTOR,
    // Claiming one's own ticket again is harmless; anyone else finds it taken.
    assigned: { unheld: 'held', held_by_actor: 'unchanged', held_by_other: 'held' },
    pending: { unheld: 'held', held_by_actor: 'unchanged', held_by_other: 'held' },
    resolved: 'illegal',
  },
  assign: { open: TO_ACTOR, assigned: 'illegal', pending: 'illegal', resolved: 'illegal' },
  mark_pending: {
    open: holderOnly('illegal'),
    assigned: holderOnly(PENDING),
    pending: holderOnly('unchanged'),
    resolved: holderOnly('illegal'),
  },
  // The customer's reply gives a pending ticket back to its agent; an active or resolved one it leaves alone.
  customer_message: {
    open: 'unchanged',
    assigned: 'unchanged',
    pending: { unheld: TO_QUEUE, held_by_actor: BACK_TO_HOLDER, held_by_other: BACK_TO_HOLDER },
    resolved: 'unchanged',
  },
  resolve: {
    open: holderOnly(RESOLVED),
    assigned: holderOnly(RESOLVED),
    pending: holderOnly(RESOLVED),
    resolved: 'unchanged',
  },
  hand_back: {
    open: holderOnly(RESOLVED),
    assigned: holderOnly(RESOLVED),
    pending: holderOnly(RESOLVED),
    resolved: 'unchanged',
  },
  // Back to the agent who held it when they are the one named (online), else to the queue.
  reopen: {
    open: 'illegal',
    assigned: 'illegal',
    pending: 'illegal',
    resolved: { unheld: TO_QUEUE, held_by_actor: BACK_TO_HOLDER, held_by_other: TO_QUEUE },
  },
};

export const TICKET_COMMANDS = Object.keys(TRANSITIONS) as TicketCommandName[];

/** A new ticket: assigned to the agent who already holds the conversation, else open in the queue. */
export function openedTicketState(assigneeId: string | null): TicketState {
  return { status: assigneeId ? 'assigned' : 'open', assigneeId };
}

export function ticketHolding(state: TicketState, command: TicketCommand): TicketHolding {
  if (!state.assigneeId) return 'unheld';
  const actor = 'agentId' in command ? command.agentId : null;
  return state.assigneeId === actor ? 'held_by_actor' : 'held_by_other';
}

/** The next state of a ticket under a command, or why the command is refused. Pure: the caller writes the change. */
export function nextTicketState(state: TicketState, command: TicketCommand): TicketTransition {
  const from: TicketState = { status: state.status, assigneeId: state.assigneeId };
  const rule = TRANSITIONS[command.name][from.status];
  const outcome = typeof rule === 'object' && !('to' in rule) ? rule[ticketHolding(from, command)] : rule;
  switch (outcome) {
    case 'unchanged':
      return { outcome: 'unchanged', state: from };
    case 'illegal':
      return { outcome: 'refused', refusal: { reason: 'illegal', from: from.status, command: command.name } };
    case 'held':
      return { outcome: 'refused', refusal: { reason: 'held', holderId: from.assigneeId } };
    default:
      return { outcome: 'moved', from, to: { status: outcome.to, assigneeId: assigneeAfter(outcome, from, command) } };
  }
}

function assigneeAfter(move: Move, from: TicketState, command: TicketCommand): string | null {
  switch (move.assignee) {
    case 'actor':
      return 'agentId' in command ? command.agentId : null;
    case 'kept':
      return from.assigneeId;
    case 'cleared':
      return null;
  }
}
