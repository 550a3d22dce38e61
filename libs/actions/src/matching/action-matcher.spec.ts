import { ActionCalibration } from './action-calibration';
import { ActionMatcher } from './action-matcher';
import { ResolverClock } from './date-resolver';
import { ConversationTurn } from './matchable-action';
import { SCOOTER_ACTIONS } from './testing/scooter-actions.fixture';

const CLOCK: ResolverClock = { now: new Date('2027-03-01T17:00:00Z'), timeZone: 'America/Los_Angeles' };
const matcher = new ActionMatcher(SCOOTER_ACTIONS);

function decide(question: string, history: ConversationTurn[] = []) {
  return matcher.match({ question, history, clock: CLOCK });
}

describe('ActionMatcher with the shipped calibration', () => {
  it('calls the action a plain request names, with its arguments', () => {
    expect(decide('What is the status of parcel SC-482301?')).toMatchObject({
      kind: 'call',
      action: 'parcel_status',
      arguments: { parcel_number: 'SC-482301' },
    });
    expect(decide('Please cancel parcel sc482301.')).toMatchObject({ kind: 'call', action: 'cancel_parcel' });
    expect(decide('Can a mechanic come to Salem on March 9?')).toMatchObject({
      kind: 'call',
      action: 'book_service',
      arguments: { area: 'north_shore', date: '2027-03-09' },
    });
  });

  it.each([
    "Where can I find my scooter's serial number?",
    'How much does a service visit cost?',
    'My referral code is SC-ANNA-7Q2, what does my friend get?',
  ])('leaves the help-centre near miss "%s" to the answers', (question) => {
    expect(decide(question).kind).toBe('no_action');
  });

  it.each(['What is the weather like in Salem tomorrow?', 'Recommend a restaurant at the Harbour for next Friday.'])(
    'does not book a visit from a town and a date alone: "%s"',
    (question) => {
      expect(decide(question).kind).toBe('no_action');
    },
  );

  it('asks for a missing argument by name and keeps the action pending', () => {
    const decision = decide('Is the warranty still active on my scooter?');
    expect(decision).toMatchObject({
      kind: 'follow_up',
      action: 'scooter_details',
      question: 'What is your serial number?',
      pending: { action: 'scooter_details', arguments: {}, missing: ['serial_number'] },
    });
  });

  it('completes the pending action from the next message', () => {
    const first = decide('I need a mechanic to repair my scooter in Lynn.');
    expect(first).toMatchObject({ kind: 'follow_up', question: 'Which date would suit you?' });
    const pending = first.kind === 'follow_up' ? first.pending : null;
    const next = matcher.match({ question: 'Friday works.', clock: CLOCK, pending });
    expect(next).toMatchObject({
      kind: 'call',
      action: 'book_service',
      arguments: { area: 'north_shore', date: '2027-03-05' },
    });
  });

  it('reads a short confirmation against the conversation', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Can I still cancel SC-482301?' },
      { role: 'bot', text: 'Yes. Would you like me to cancel parcel SC-482301?' },
    ];
    expect(decide('Yes, go ahead.', history)).toMatchObject({ kind: 'call', action: 'cancel_parcel' });
  });

  it('scores every action in [0, 1], best first, and never chooses one nothing asks for', () => {
    const { candidates } = decide('Write me a poem about the sea.');
    expect(candidates).toHaveLength(SCOOTER_ACTIONS.length);
    for (const candidate of candidates) {
      expect(candidate.score).toBeGreaterThanOrEqual(0);
      expect(candidate.score).toBeLessThanOrEqual(1);
      expect(candidate.eligible).toBe(false);
    }
  });
});

describe('ActionMatcher threshold', () => {
  it('chooses no action below the calibration threshold', () => {
    const strict: ActionCalibration = {
      version: 1,
      threshold: 0.99,
      models: { lexical: { features: [], mean: [], std: [], weights: [], bias: 0 } },
      fittedOn: {},
    };
    const decision = new ActionMatcher(SCOOTER_ACTIONS, strict).match({
      question: 'What is the status of parcel SC-482301?',
      clock: CLOCK,
    });
    expect(decision).toMatchObject({ kind: 'no_action', score: 0.5, threshold: 0.99 });
  });
});

describe('ActionMatcher and side effects', () => {
  // A model that prefers side effects, so only the read-only rule stands between a question and a cancellation.
  const eager: ActionCalibration = {
    version: 1,
    threshold: 0.1,
    models: { lexical: { features: ['side_effect'], mean: [0], std: [1], weights: [3], bias: 0 } },
    fittedOn: {},
  };
  const eagerMatcher = new ActionMatcher(SCOOTER_ACTIONS, eager);

  it('looks the parcel up instead of cancelling it when the conversation never says "cancel"', () => {
    const decision = eagerMatcher.match({ question: 'Where is parcel SC-482301?', clock: CLOCK });
    expect(decision).toMatchObject({ kind: 'call', action: 'parcel_status' });
    expect(decision.candidates[0].action).toBe('cancel_parcel');
  });

  it('cancels when the customer uses the word, in the question or the history', () => {
    expect(eagerMatcher.match({ question: 'Cancel parcel SC-482301', clock: CLOCK })).toMatchObject({
      action: 'cancel_parcel',
    });
    const history: ConversationTurn[] = [{ role: 'bot', text: 'Shall I cancel parcel SC-482301?' }];
    expect(eagerMatcher.match({ question: 'Yes please.', history, clock: CLOCK })).toMatchObject({
      action: 'cancel_parcel',
    });
  });
});
