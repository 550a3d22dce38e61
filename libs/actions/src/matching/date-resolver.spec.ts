import { findDates, resolveDate, ResolverClock } from './date-resolver';

// Monday 2027-03-01, 09:00 in Los Angeles: the dataset's clock.
const MONDAY_MORNING: ResolverClock = { now: new Date('2027-03-01T17:00:00Z'), timeZone: 'America/Los_Angeles' };

function dateIn(text: string, clock: ResolverClock = MONDAY_MORNING): string | null {
  return resolveDate(text, clock)?.date ?? null;
}

describe('resolveDate', () => {
  it.each([
    ['tomorrow', '2027-03-02'],
    ['the day after tomorrow', '2027-03-03'],
    ['day after tomorrow', '2027-03-03'],
    ['in 3 days', '2027-03-04'],
    ['in two days', '2027-03-03'],
    ['a week from today', '2027-03-08'],
    ['2 weeks from today', '2027-03-15'],
    ['in a week', '2027-03-08'],
  ])('reads the relative day "%s" as %s', (text, expected) => {
    expect(dateIn(`Could someone come ${text}?`)).toBe(expected);
  });

  it.each([
    ['Thursday', '2027-03-04'],
    ['this Friday', '2027-03-05'],
    ['on Saturday', '2027-03-06'],
    ['Sunday', '2027-03-07'],
    // Today is Monday, so the next Monday after today is the one in the following week.
    ['Monday', '2027-03-08'],
  ])('reads "%s" as the next such day in the current week: %s', (text, expected) => {
    expect(dateIn(`Book me in for ${text}.`)).toBe(expected);
  });

  it.each([
    ['next Tuesday', '2027-03-09'],
    ['next Monday', '2027-03-08'],
    ['next Friday', '2027-03-12'],
    ['Tuesday next week', '2027-03-09'],
  ])('reads "%s" as that day in the following week: %s', (text, expected) => {
    expect(dateIn(`Can you send someone ${text}?`)).toBe(expected);
  });

  it.each([
    ['March 3', '2027-03-03'],
    ['Mar 3rd', '2027-03-03'],
    ['3 March', '2027-03-03'],
    ['the 3rd of March', '2027-03-03'],
    ['April 20', '2027-04-20'],
    ['March 3, 2028', '2028-03-03'],
  ])('reads the month and day "%s" as %s', (text, expected) => {
    expect(dateIn(`A visit on ${text} please`)).toBe(expected);
  });

  it('reads "the 18th" as the next date with that day of the month, on or after today', () => {
    expect(dateIn('sometime on the 18th works')).toBe('2027-03-18');
    expect(dateIn('on the 1st')).toBe('2027-03-01');
    const laterInMarch: ResolverClock = { ...MONDAY_MORNING, now: new Date('2027-03-20T17:00:00Z') };
    expect(dateIn('on the 18th', laterInMarch)).toBe('2027-04-18');
  });

  it('reads slash dates as US month/day, and ISO dates as written', () => {
    expect(dateIn('First thing on 3/29 if possible.')).toBe('2027-03-29');
    expect(dateIn('on 3/18/2027')).toBe('2027-03-18');
    expect(dateIn('Book a repair on 2027-04-27.')).toBe('2027-04-27');
  });

  it('reads past days as past, so "last Tuesday" is not taken for the coming one', () => {
    expect(dateIn('I placed it last Tuesday.')).toBe('2027-02-23');
    expect(dateIn('I ordered it yesterday.')).toBe('2027-02-28');
  });

  it('returns the span that named the date', () => {
    const text = 'Berkeley. First thing on 3/29 if possible.';
    const resolved = resolveDate(text, MONDAY_MORNING);
    expect(resolved && text.slice(resolved.start, resolved.end)).toBe('3/29');
  });

  it('finds nothing in ids, impossible dates or text without a date', () => {
    expect(dateIn('order NW-10482')).toBeNull();
    expect(dateIn('February 30')).toBeNull();
    expect(dateIn('13/45')).toBeNull();
    expect(dateIn('Where is my order?')).toBeNull();
  });

  it('finds every date in text order', () => {
    const dates = findDates('Not Thursday, March 4 but next Friday', MONDAY_MORNING).map((d) => d.date);
    expect(dates).toEqual(['2027-03-04', '2027-03-04', '2027-03-12']);
  });

  describe('at 23:30 local time on a Sunday, when it is already Monday in UTC', () => {
    const sundayNight: ResolverClock = { now: new Date('2027-03-08T07:30:00Z'), timeZone: 'America/Los_Angeles' };

    it('resolves against the local calendar date', () => {
      expect(dateIn('tomorrow', sundayNight)).toBe('2027-03-08');
      expect(dateIn('today', sundayNight)).toBe('2027-03-07');
      expect(dateIn('in 2 days', sundayNight)).toBe('2027-03-09');
    });

    it('counts weekdays from the local week, which ends today', () => {
      expect(dateIn('Monday', sundayNight)).toBe('2027-03-08');
      expect(dateIn('next Monday', sundayNight)).toBe('2027-03-08');
      expect(dateIn('Sunday', sundayNight)).toBe('2027-03-14');
    });

    it('gives the UTC calendar date in UTC', () => {
      expect(dateIn('tomorrow', { ...sundayNight, timeZone: 'UTC' })).toBe('2027-03-09');
    });
  });
});
