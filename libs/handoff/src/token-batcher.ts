/**
 * Groups streamed tokens into fewer live events: the first token goes out at once (time to first token), later
 * ones are held until `intervalMs` has passed since the last flush, and the rest is drained at the end.
 */
export class TokenBatcher {
  private pending = '';
  private lastFlushAt: number | null = null;

  constructor(private readonly intervalMs: number) {}

  /** Adds a token; returns the text to send now, or null to keep holding it. */
  add(token: string, now: number): string | null {
    this.pending += token;
    if (this.lastFlushAt !== null && now - this.lastFlushAt < this.intervalMs) return null;
    this.lastFlushAt = now;
    return this.take();
  }

  /** What is still held, or null. */
  drain(): string | null {
    return this.pending ? this.take() : null;
  }

  /** Drops what is held (the stream was reset). */
  clear(): void {
    this.pending = '';
  }

  private take(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }
}
