/** What time it is for a turn's actions: "today" for relative dates (the workspace's timezone gives the calendar). */
export interface ActionClock {
  now(): Date;
}

/** The injection token of the turn's clock; the actions eval fixes it to its dataset's "now". */
export const ACTION_CLOCK = Symbol('ACTION_CLOCK');

/** The real clock: a fresh object per application, so fixing one app's clock leaves the others alone. */
export function systemActionClock(): ActionClock {
  return { now: () => new Date() };
}
