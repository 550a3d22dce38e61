import { CONVERSATION_OWNERS, ConversationOwner } from '@switchboard/database';
import {
  IllegalTransitionError,
  OWNERSHIP_ACTIONS,
  OwnershipAction,
  botMayAnswer,
  canTransition,
  transition,
} from './ownership.state-machine';

const LEGAL: Array<[ConversationOwner, OwnershipAction, ConversationOwner, string]> = [
  ['bot', 'hand_off', 'queued', 'conversation.handed_off'],
  ['bot', 'claim', 'agent', 'conversation.claimed'],
  ['queued', 'claim', 'agent', 'conversation.claimed'],
  ['agent', 'release', 'queued', 'conversation.released'],
  ['agent', 'hand_back', 'bot', 'conversation.handed_back'],
  ['queued', 'hand_back', 'bot', 'conversation.handed_back'],
  ['bot', 'resolve', 'resolved', 'conversation.resolved'],
  ['queued', 'resolve', 'resolved', 'conversation.resolved'],
  ['agent', 'resolve', 'resolved', 'conversation.resolved'],
  ['resolved', 'reopen', 'bot', 'conversation.reopened'],
];

describe('ownership state machine', () => {
  it.each(LEGAL)('%s --%s--> %s emits %s', (from, action, to, event) => {
    expect(transition(from, action)).toEqual({ from, to, event });
    expect(canTransition(from, action)).toBe(true);
  });

  const illegal = CONVERSATION_OWNERS.flatMap((from) =>
    OWNERSHIP_ACTIONS.filter((action) => !LEGAL.some(([f, a]) => f === from && a === action)).map(
      (action) => [from, action] as [ConversationOwner, OwnershipAction],
    ),
  );

  it('covers every pair of owner and action as either legal or illegal', () => {
    expect(LEGAL.length + illegal.length).toBe(CONVERSATION_OWNERS.length * OWNERSHIP_ACTIONS.length);
    expect(illegal.length).toBeGreaterThan(0);
  });

  it.each(illegal)('%s --%s--> is refused', (from, action) => {
    expect(() => transition(from, action)).toThrow(IllegalTransitionError);
    expect(canTransition(from, action)).toBe(false);
  });

  it('names the owner and action in the error', () => {
    expect(() => transition('agent', 'hand_off')).toThrow('Cannot hand off a conversation owned by agent');
  });

  it('lets the bot answer only in conversations it owns', () => {
    expect(CONVERSATION_OWNERS.filter(botMayAnswer)).toEqual(['bot']);
  });
});
