import { setTimeout as sleep } from 'node:timers/promises';

/** Spaces the start of requests to one host at least `delayMs` apart, however many run concurrently. */
export class HostThrottle {
  private readonly lastStart = new Map<string, number>();

  async wait(host: string, delayMs: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const last = this.lastStart.get(host);
    const slot = last === undefined ? now : Math.max(now, last + delayMs);
    // Claim the slot before sleeping, so concurrent callers queue behind each other.
    this.lastStart.set(host, slot);
    if (slot > now) await sleep(slot - now, undefined, { signal });
  }
}
