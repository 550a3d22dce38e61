import { CSAT_COMMENT_MAX_CHARS } from '@switchboard/database';
import { InvalidCsatInputError, checkCsatInput, csatWindowEnd, isWithinCsatWindow } from './csat-rules';

describe('CSAT input', () => {
  it.each([1, 5, '3', ' 4 '])('accepts the score %j', (score) => {
    expect(checkCsatInput(score, undefined).score).toBe(Number(score));
  });

  it.each([0, 6, 2.5, -1, '', 'five', null, undefined, '1e0', NaN])('refuses the score %j with a message', (score) => {
    expect(() => checkCsatInput(score, undefined)).toThrow(
      new InvalidCsatInputError('score must be a whole number from 1 to 5'),
    );
  });

  it('keeps a trimmed comment, treats a blank one as none, and refuses one past the limit or not text', () => {
    expect(checkCsatInput(5, '  Quick and kind  ').comment).toBe('Quick and kind');
    expect(checkCsatInput(5, '   ').comment).toBeNull();
    expect(checkCsatInput(5, null).comment).toBeNull();
    expect(checkCsatInput(5, 'x'.repeat(CSAT_COMMENT_MAX_CHARS)).comment).toHaveLength(CSAT_COMMENT_MAX_CHARS);
    expect(() => checkCsatInput(5, 'x'.repeat(CSAT_COMMENT_MAX_CHARS + 1))).toThrow(InvalidCsatInputError);
    expect(() => checkCsatInput(5, 42)).toThrow('comment must be text');
  });
});

describe('the CSAT window', () => {
  const asked = new Date('2026-03-01T10:00:00Z');

  it('runs the configured days from the request', () => {
    expect(csatWindowEnd(asked, 7).toISOString()).toBe('2026-03-08T10:00:00.000Z');
  });

  it('is open until its last millisecond and closed from its end on', () => {
    expect(isWithinCsatWindow(asked, 7, new Date('2026-03-08T09:59:59.999Z'))).toBe(true);
    expect(isWithinCsatWindow(asked, 7, new Date('2026-03-08T10:00:00.000Z'))).toBe(false);
    expect(isWithinCsatWindow(asked, 1, new Date('2026-03-01T10:00:00Z'))).toBe(true);
  });
});
