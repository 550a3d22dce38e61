import { ActionDecision } from './action-matcher';
import { ActionEvalLine, scoreLine, summariseOutcomes } from './matcher-evaluation';

const SIDE_EFFECTS = new Set(['cancel_order']);
const trace = { score: 0.9, threshold: 0.5, candidates: [] };

function line(overrides: Partial<ActionEvalLine>): ActionEvalLine {
  return {
    id: 'x',
    category: 'direct',
    question: 'q',
    history: [],
    identity: null,
    expected: { action: null },
    ...overrides,
  };
}

function call(action: string, args: Record<string, string>): ActionDecision {
  return { ...trace, kind: 'call', action, arguments: args };
}

describe('scoreLine', () => {
  it('counts the right action with different arguments as an action hit and an argument miss', () => {
    const expected = { action: 'order_status', arguments: { order_number: 'NW-10482' } };
    const outcome = scoreLine(line({ expected }), call('order_status', { order_number: 'NW-10483' }), SIDE_EFFECTS);
    expect(outcome).toMatchObject({ actionCorrect: true, argumentsExact: false, endToEnd: false });
  });

  it('counts a call on a help-centre line as a false trigger, and a follow-up there as needless', () => {
    const faq = line({ category: 'no_action_faq' });
    expect(scoreLine(faq, call('order_status', { order_number: 'NW-1' }), SIDE_EFFECTS)).toMatchObject({
      actionCorrect: false,
      falseTrigger: true,
    });
    const followUp: ActionDecision = {
      ...trace,
      kind: 'follow_up',
      action: 'order_status',
      question: 'What is your order number?',
      pending: { action: 'order_status', arguments: {}, missing: ['order_number'] },
    };
    expect(scoreLine(faq, followUp, SIDE_EFFECTS)).toMatchObject({ falseTrigger: false, needlessFollowUp: true });
  });

  it('counts a follow-up only when it asks a question naming every missing argument', () => {
    const missing = line({
      category: 'missing_argument',
      missing_argument: { action: 'book_repair', arguments: ['area', 'date'], known: {} },
    });
    const asking = (question: string): ActionDecision => ({
      ...trace,
      kind: 'follow_up',
      action: 'book_repair',
      question,
      pending: { action: 'book_repair', arguments: {}, missing: ['area', 'date'] },
    });
    expect(scoreLine(missing, asking('Which area are you in? Which date would suit you?'), SIDE_EFFECTS).followUp).toBe(
      true,
    );
    expect(scoreLine(missing, asking('When would suit you?'), SIDE_EFFECTS).followUp).toBe(false);
    expect(scoreLine(missing, asking('Which area, and when.'), SIDE_EFFECTS).followUp).toBe(false);
  });

  it('leaves adversarial lines out of action accuracy and reports their side-effect calls', () => {
    const adversarial = line({ category: 'adversarial' });
    const outcome = scoreLine(adversarial, call('cancel_order', { order_number: 'NW-1' }), SIDE_EFFECTS);
    expect(outcome).toMatchObject({ actionCorrect: null, sideEffectCall: true });
    expect(summariseOutcomes([outcome]).action_accuracy).toBeNull();
  });
});
