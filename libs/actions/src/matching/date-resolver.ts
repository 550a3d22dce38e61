/** The conversation's clock: the instant, and the workspace's IANA time zone that gives it a calendar date. */
export interface ResolverClock {
  now: Date;
  timeZone: string;
}

export interface ResolvedDate {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  /** The span of the text that named the date: `text.slice(start, end)`. */
  start: number;
  end: number;
}

/** A calendar day as days since 1970-01-01, so arithmetic never meets a time zone or a DST shift. */
type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const WEEKDAY = `(${WEEKDAYS.join('|')})`;
// Full names, three-letter abbreviations (with an optional dot) and "sept".
const MONTH = `(${MONTHS.map((m) => `${m}|${m.slice(0, 3)}\\.?`).join('|')}|sept\\.?)`;
const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(\\d{4}))?';

interface DateRule {
  pattern: RegExp;
  resolve: (match: RegExpExecArray, today: DayNumber) => DayNumber | null;
}

function rule(source: string, resolve: DateRule['resolve']): DateRule {
  return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'giu'), resolve };
}

/** The calendar date of an instant in a time zone, read through Intl so no date library is needed. */
export function localDay(clock: ResolverClock): DayNumber {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: clock.timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(clock.now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / MS_PER_DAY;
}

export function isoDate(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
function weekdayIndex(day: DayNumber): number {
  return (new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7;
}

function yearOf(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** The day, or null when the month has no such day (February 30). */
function calendarDay(year: number, month: number, dayOfMonth: number): DayNumber | null {
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
  const time = Date.UTC(year, month - 1, dayOfMonth);
  return new Date(time).getUTCDate() === dayOfMonth ? time / MS_PER_DAY : null;
}

function monthNumber(word: string): number {
  const stem = word.toLowerCase().replace('.', '').slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(stem)) + 1;
}

function countOf(word: string): number {
  return NUMBER_WORDS[word.toLowerCase()] ?? Number(word);
}

/** "Thursday", "this Thursday", "on Thursday": the next such day after today within the Monday–Sunday week. */
function comingWeekday(name: string, today: DayNumber): DayNumber {
  const offset = WEEKDAYS.indexOf(name.toLowerCase()) - weekdayIndex(today);
  // A day already past this week (or today) can only mean the next one.
  return today + (offset > 0 ? offset : offset + 7);
}

/** "next Tuesday", "Tuesday next week": that day in the following Monday–Sunday week. */
function weekdayNextWeek(name: string, today: DayNumber): DayNumber {
  const monday = today - weekdayIndex(today);
  return monday + 7 + WEEKDAYS.indexOf(name.toLowerCase());
}

/** "last Tuesday": the latest such day before today. */
function lastWeekday(name: string, today: DayNumber): DayNumber {
  const offset = weekdayIndex(today) - WEEKDAYS.indexOf(name.toLowerCase());
  return today - (offset > 0 ? offset : offset + 7);
}

/** "the 18th": the next date with that day of the month, on or after today. */
function nextDayOfMonth(dayOfMonth: number, today: DayNumber): DayNumber | null {
  const start = new Date(today * MS_PER_DAY);
  for (let ahead = 0; ahead < 12; ahead += 1) {
    const day = calendarDay(start.getUTCFullYear(), start.getUTCMonth() + 1 + ahead, dayOfMonth);
    // calendarDay rolls months past December over through Date.UTC, so a later year needs no special case.
    if (day !== null && day >= today) return day;
  }
  return null;
}

function monthDay(month: string, dayOfMonth: string, year: string | undefined, today: DayNumber): DayNumber | null {
  return calendarDay(year ? Number(year) : yearOf(today), monthNumber(month), Number(dayOfMonth));
}

function slashYear(year: string | undefined, today: DayNumber): number {
  if (!year) return yearOf(today);
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

// Most specific first: a span taken by an earlier rule is not read again by a later one.
const DATE_RULES: DateRule[] = [
  rule('(\\d{4})-(\\d{2})-(\\d{2})', (m) => calendarDay(Number(m[1]), Number(m[2]), Number(m[3]))),
  rule('(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?', (m, today) =>
    calendarDay(slashYear(m[3], today), Number(m[1]), Number(m[2])),
  ),
  rule('(?:the\\s+)?day\\s+after\\s+tomorrow', (_m, today) => today + 2),
  rule('tomorrow', (_m, today) => today + 1),
  rule('yesterday', (_m, today) => today - 1),
  rule(`in\\s+${COUNT}\\s+days?`, (m, today) => today + countOf(m[1])),
  rule(
    `(?:in\\s+${COUNT}\\s+weeks?(?:'?\\s+time)?|${COUNT}\\s+weeks?\\s+(?:from\\s+(?:today|now)|today))`,
    (m, today) => today + 7 * countOf(m[1] ?? m[2]),
  ),
  rule(`next\\s+${WEEKDAY}`, (m, today) => weekdayNextWeek(m[1], today)),
  // Past days are read so that "I placed it last Tuesday" is not taken for the coming Tuesday.
  rule(`last\\s+${WEEKDAY}`, (m, today) => lastWeekday(m[1], today)),
  rule(`${WEEKDAY}\\s+next\\s+week`, (m, today) => weekdayNextWeek(m[1], today)),
  rule(`(?:the\\s+)?${ORDINAL}\\s+(?:of\\s+)?${MONTH}${YEAR}`, (m, today) => monthDay(m[2], m[1], m[3], today)),
  rule(`${MONTH}\\s+(?:the\\s+)?${ORDINAL}${YEAR}`, (m, today) => monthDay(m[1], m[2], m[3], today)),
  rule(`(?:(?:this|on)\\s+)?${WEEKDAY}`, (m, today) => comingWeekday(m[1], today)),
  rule('the\\s+(\\d{1,2})(?:st|nd|rd|th)', (m, today) => nextDayOfMonth(Number(m[1]), today)),
  rule('today', (_m, today) => today),
];

/** Every date the text names, in text order, resolved against the clock's local calendar date. */
export function findDates(text: string, clock: ResolverClock): ResolvedDate[] {
  const today = localDay(clock);
  const taken: Array<[number, number]> = [];
  const found: ResolvedDate[] = [];
  for (const { pattern, resolve } of DATE_RULES) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const day = resolve(match, today);
      if (day === null) continue;
      taken.push([start, end]);
      found.push({ date: isoDate(day), start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The first date the text names, or null. */
export function resolveDate(text: string, clock: ResolverClock): ResolvedDate | null {
  return findDates(text, clock)[0] ?? null;
}
