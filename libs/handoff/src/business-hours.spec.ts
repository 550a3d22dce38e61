import { isWithinBusinessHours } from './business-hours';

describe('isWithinBusinessHours', () => {
  const weekdays = { days: { mon: ['09:00-17:00'], tue: ['09:00-12:00', '13:00-17:00'] } };

  it('is open inside a range and closed at its end', () => {
    // 2026-11-30 is a Monday.
    expect(isWithinBusinessHours(weekdays, new Date('2026-11-30T09:00:00Z'), 'UTC')).toBe(true);
    expect(isWithinBusinessHours(weekdays, new Date('2026-11-30T16:59:00Z'), 'UTC')).toBe(true);
    expect(isWithinBusinessHours(weekdays, new Date('2026-11-30T17:00:00Z'), 'UTC')).toBe(false);
  });

  it('honours a lunch break and closed days', () => {
    expect(isWithinBusinessHours(weekdays, new Date('2026-12-01T12:30:00Z'), 'UTC')).toBe(false);
    expect(isWithinBusinessHours(weekdays, new Date('2026-12-01T13:30:00Z'), 'UTC')).toBe(true);
    expect(isWithinBusinessHours(weekdays, new Date('2026-12-02T10:00:00Z'), 'UTC')).toBe(false);
  });

  it("reads the clock in the workspace's time zone", () => {
    // 08:30 UTC on a Monday is 09:30 in Berlin (CET), 03:30 in New York.
    const at = new Date('2026-11-30T08:30:00Z');
    expect(isWithinBusinessHours(weekdays, at, 'Europe/Berlin')).toBe(true);
    expect(isWithinBusinessHours(weekdays, at, 'America/New_York')).toBe(false);
  });
});
