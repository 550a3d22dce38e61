/** Where a turn reads "now" (dates such as "next Tuesday" resolve against it); the eval fixes it. */
export interface ActionClock {
  now(): Date;
}

export const ACTION_CLOCK = Symbol('ACTION_CLOCK');

export const SYSTEM_CLOCK: ActionClock = { now: () => new Date() };
