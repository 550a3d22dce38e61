export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours per weekday as "HH:MM-HH:MM" ranges, in the workspace's time zone; a missing day is closed. */
export interface BusinessHours {
  days: Partial<Record<Weekday, string[]>>;
}

export const HOURS_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

const SHORT_DAY: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `at` falls inside the opening hours, read on the wall clock of `timeZone`. */
export function isWithinBusinessHours(hours: BusinessHours, at: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = SHORT_DAY[part('weekday')];
  if (!day) return false;
  const now = minutes(`${part('hour')}:${part('minute')}`);
  return (hours.days[day] ?? []).some((range) => {
    if (!HOURS_RANGE.test(range)) return false;
    const [start = '', end = ''] = range.split('-');
    return now >= minutes(start) && now < minutes(end);
  });
}
