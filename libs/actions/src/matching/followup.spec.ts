import { ResolverClock } from './date-resolver';
import { completePendingAction, followUpQuestion, parameterQuestion, PendingAction } from './followup';
import { SCOOTER_ACTIONS } from './testing/scooter-actions.fixture';

const CLOCK: ResolverClock = { now: new Date('2027-03-01T17:00:00Z'), timeZone: 'America/Los_Angeles' };
const BOOK_SERVICE = SCOOTER_ACTIONS[2];

describe('parameterQuestion', () => {
  it('asks for each kind of parameter by its name', () => {
    expect(parameterQuestion('order_number', { type: 'string', pattern: '^NW-\\d{5}$' })).toBe(
      'What is your order number?',
    );
    expect(parameterQuestion('frame_number', { type: 'string', pattern: '^WB\\d{8}$' })).toBe(
      'What is your frame number?',
    );
    expect(parameterQuestion('area', { type: 'string', enum: ['seattle'], description: 'Coverage area id.' })).toBe(
      'Which area are you in?',
    );
    expect(parameterQuestion('model', { type: 'string', enum: ['metro'], description: 'Model id.' })).toBe(
      'Which model do you mean?',
    );
    expect(parameterQuestion('date', { type: 'string', format: 'date' })).toBe('Which date would suit you?');
  });
});

describe('followUpQuestion', () => {
  it('asks one question per missing parameter, in order', () => {
    expect(followUpQuestion(BOOK_SERVICE, ['area', 'date'])).toBe('Which area are you in? Which date would suit you?');
  });
});

describe('completePendingAction', () => {
  const pending: PendingAction = { action: 'book_service', arguments: { area: 'harbour' }, missing: ['date'] };

  it('completes a pending action kept as JSON with the argument the next message gives', () => {
    const kept = JSON.parse(JSON.stringify(pending)) as PendingAction;
    const completion = completePendingAction(kept, BOOK_SERVICE, 'Next Tuesday, please.', CLOCK);
    expect(completion).toEqual({
      pending: { action: 'book_service', arguments: { area: 'harbour', date: '2027-03-09' }, missing: [] },
      filled: ['date'],
      complete: true,
    });
  });

  it('stays pending when the message gives only some of what is missing', () => {
    const both: PendingAction = { action: 'book_service', arguments: {}, missing: ['area', 'date'] };
    const completion = completePendingAction(both, BOOK_SERVICE, "I'm in Salem.", CLOCK);
    expect(completion.complete).toBe(false);
    expect(completion.pending).toEqual({
      action: 'book_service',
      arguments: { area: 'north_shore' },
      missing: ['date'],
    });
  });

  it('fills nothing from a message without the missing argument', () => {
    const completion = completePendingAction(pending, BOOK_SERVICE, 'What does a visit cost?', CLOCK);
    expect(completion.filled).toEqual([]);
    expect(completion.pending).toEqual(pending);
  });
});
