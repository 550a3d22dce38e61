import { TICKET_STATUSES, TicketStatus } from '@switchboard/database';
import {
  TICKET_COMMANDS,
  TicketCommand,
  TicketCommandName,
  TicketState,
  TicketTransition,
  nextTicketState,
  openedTicketState,
  ticketHolding,
} from './ticket.state-machine';

const ACTOR = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';

/** The three holders a ticket is tested with: nobody, the command's agent (ACTOR), another agent (OTHER). */
const HOLDERS = [
  ['nobody', null],
  ['the actor', ACTOR],
  ['another agent', OTHER],
] as const;

/**
 * Every command from every status, for a ticket held by [nobody, ACTOR, OTHER], the command given by ACTOR.
 * `status:holder` is a move ('-' = nobody holds it after); 'unchanged', 'illegal' and 'held' (held by another
 * agent) are the other outcomes. Written out by hand: any change to the machine's table breaks this test.
 */
type Expected = 'unchanged' | 'illegal' | 'held' | `${TicketStatus}:${'actor' | 'other' | '-'}`;
const EXPECTED: Record<TicketCommandName, Record<TicketStatus, readonly [Expected, Expected, Expected]>> = {
  claim: {
    open: ['assigned:actor', 'assigned:actor', 'assigned:actor'],
    assigned: ['held', 'unchanged', 'held'],
    pending: ['held', 'unchanged', 'held'],
    resolved: ['illegal', 'illegal', 'illegal'],
  },
  assign: {
    open: ['assigned:actor', 'assigned:actor', 'assigned:actor'],
    assigned: ['illegal', 'illegal', 'illegal'],
    pending: ['illegal', 'illegal', 'illegal'],
    resolved: ['illegal', 'illegal', 'illegal'],
  },
  mark_pending: {
    open: ['illegal', 'illegal', 'held'],
    assigned: ['pending:-', 'pending:actor', 'held'],
    pending: ['unchanged', 'unchanged', 'held'],
    resolved: ['illegal', 'illegal', 'held'],
  },
  // No agent gives this command: ACTOR holding the ticket is just its holder.
  customer_message: {
    open: ['unchanged', 'unchanged', 'unchanged'],
    assigned: ['unchanged', 'unchanged', 'unchanged'],
    pending: ['open:-', 'assigned:actor', 'assigned:other'],
    resolved: ['unchanged', 'unchanged', 'unchanged'],
  },
  resolve: {
    open: ['resolved:-', 'resolved:actor', 'held'],
    assigned: ['resolved:-', 'resolved:actor', 'held'],
    pending: ['resolved:-', 'resolved:actor', 'held'],
    resolved: ['unchanged', 'unchanged', 'unchanged'],
  },
  hand_back: {
    open: ['resolved:-', 'resolved:actor', 'held'],
    assigned: ['resolved:-', 'resolved:actor', 'held'],
    pending: ['resolved:-', 'resolved:actor', 'held'],
    resolved: ['unchanged', 'unchanged', 'unchanged'],
  },
  // ACTOR is named as the online agent to take it back.
  reopen: {
    open: ['illegal', 'illegal', 'illegal'],
    assigned: ['illegal', 'illegal', 'illegal'],
    pending: ['illegal', 'illegal', 'illegal'],
    resolved: ['open:-', 'assigned:actor', 'open:-'],
  },
};

function commandOf(name: TicketCommandName): TicketCommand {
  return name === 'customer_message' ? { name } : { name, agentId: ACTOR };
}

function stateOf(expected: Expected): TicketState {
  const [status, holder] = expected.split(':') as [TicketStatus, string];
  return { status, assigneeId: holder === 'actor' ? ACTOR : holder === 'other' ? OTHER : null };
}

function transitionOf(expected: Expected, from: TicketState, command: TicketCommandName): TicketTransition {
  if (expected === 'unchanged') return { outcome: 'unchanged', state: from };
  if (expected === 'illegal') return { outcome: 'refused', refusal: { reason: 'illegal', from: from.status, command } };
  if (expected === 'held') return { outcome: 'refused', refusal: { reason: 'held', holderId: from.assigneeId } };
  return { outcome: 'moved', from, to: stateOf(expected) };
}

const CASES = TICKET_COMMANDS.flatMap((command) =>
  TICKET_STATUSES.flatMap((status) =>
    HOLDERS.map(
      ([holderName, holder], index) => [command, status, holderName, EXPECTED[command][status][index], holder] as const,
    ),
  ),
);

describe('ticket state machine', () => {
  it('lists every command and every status in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...TICKET_COMMANDS].sort());
    for (const command of TICKET_COMMANDS) expect(Object.keys(EXPECTED[command])).toEqual([...TICKET_STATUSES]);
    expect(CASES).toHaveLength(TICKET_COMMANDS.length * TICKET_STATUSES.length * HOLDERS.length);
  });

  it.each(CASES)('%s from %s, held by %s: %s', (command, status, _holderName, expected, holder) => {
    const from: TicketState = { status, assigneeId: holder };
    expect(nextTicketState(from, commandOf(command))).toEqual(transitionOf(expected, from, command));
  });

  it('reopens a resolved ticket to the queue when its agent is not there to take it back', () => {
    expect(nextTicketState({ status: 'resolved', assigneeId: OTHER }, { name: 'reopen', agentId: null })).toEqual({
      outcome: 'moved',
      from: { status: 'resolved', assigneeId: OTHER },
      to: { status: 'open', assigneeId: null },
    });
  });

  it('opens a new ticket assigned when an agent already holds the conversation, else in the queue', () => {
    expect(openedTicketState(ACTOR)).toEqual({ status: 'assigned', assigneeId: ACTOR });
    expect(openedTicketState(null)).toEqual({ status: 'open', assigneeId: null });
  });

  it('sees any holder as another agent for a command no agent gives', () => {
    expect(ticketHolding({ status: 'pending', assigneeId: ACTOR }, { name: 'customer_message' })).toBe('held_by_other');
    expect(ticketHolding({ status: 'pending', assigneeId: null }, { name: 'customer_message' })).toBe('unheld');
    expect(ticketHolding({ status: 'pending', assigneeId: ACTOR }, { name: 'claim', agentId: ACTOR })).toBe(
      'held_by_actor',
    );
  });

  it('reads only status and assignee from a ticket row', () => {
    const row = { status: 'open' as const, assigneeId: null, id: 'x', summary: 's' };
    expect(nextTicketState(row, { name: 'claim', agentId: ACTOR })).toEqual({
      outcome: 'moved',
      from: { status: 'open', assigneeId: null },
      to: { status: 'assigned', assigneeId: ACTOR },
    });
  });
});
