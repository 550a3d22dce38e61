import { Schedule } from './outbox';

interface Timer {
  at: number;
  callback: () => void;
}

/** A clock tests move by hand: timers run only when `advance` passes their time. */
export class ManualClock {
  now = 0;
  private timers: Timer[] = [];

  readonly schedule: Schedule = (callback, delayMs) => {
    const timer: Timer = { at: this.now + delayMs, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  pendingDelays(): number[] {
    return this.timers.map((t) => t.at - this.now);
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
