import { backoffDelay } from './backoff';
import { Cancel, Schedule } from './outbox';
import { WIDGET_EVENT_NAMES } from '@switchboard/contracts';
import { StreamEvent } from './widget-types';
import { parseStreamEvent } from './wire-format';

/** The part of EventSource used here, so tests can drive the stream with a fake. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export interface EventStreamOptions {
  /** The current stream URL (it carries the visitor token, which may change); null while there is no session. */
  url(): string | null;
  create: EventSourceFactory;
  onEvent(event: StreamEvent): void;
  onConnectionChange(connected: boolean): void;
  /** Runs before each reopen, e.g. to renew a session whose token the stream no longer accepts. */
  beforeReconnect?(failures: number): Promise<void>;
  schedule: Schedule;
  random?: () => number;
}

/**
 * The live event stream. EventSource's own retry cannot back off or pick up a renewed token, so on any error the
 * source is closed and reopened here, 1 s, 2 s, 4 s … 30 s apart, until a `ready` event proves the link works.
 */
export class EventStream {
  private source: EventSourceLike | null = null;
  private cancelTimer: Cancel | null = null;
  private failures = 0;
  /** Null until the first connect or failure, so a stream that never came up is still reported down. */
  private connected: boolean | null = null;
  private running = false;

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    this.running = true;
    if (this.source === null && this.cancelTimer === null) this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.closeSource();
    this.connected = null;
  }

  /** Reconnects at once (the browser came back online, or the token changed). */
  restart(): void {
    if (!this.running) return;
    this.clearTimer();
    this.closeSource();
    this.connect();
  }

  isConnected(): boolean {
    return this.connected === true;
  }

  private connect(): void {
    const url = this.options.url();
    if (url === null) {
      this.scheduleReconnect();
      return;
    }
    const source = this.options.create(url);
    this.source = source;
    for (const type of WIDGET_EVENT_NAMES) {
      source.addEventListener(type, (event) => {
        if (this.source !== source) return;
        if (type === 'ready') {
          this.failures = 0;
          this.setConnected(true);
        }
        const parsed = typeof event.data === 'string' ? parseStreamEvent(type, event.data) : null;
        if (parsed) this.options.onEvent(parsed);
      });
    }
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      this.closeSource();
      this.setConnected(false);
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (!this.running || this.cancelTimer !== null) return;
    const failures = ++this.failures;
    this.cancelTimer = this.options.schedule(
      () => {
        this.cancelTimer = null;
        void this.reopen(failures);
      },
      backoffDelay(failures - 1, this.options.random),
    );
  }

  private async reopen(failures: number): Promise<void> {
    try {
      await this.options.beforeReconnect?.(failures);
    } catch {
      // Reconnecting is still worth a try; the next failure backs off further.
    }
    if (this.running && this.source === null && this.cancelTimer === null) this.connect();
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onConnectionChange(connected);
  }

  private closeSource(): void {
    this.source?.close();
    this.source = null;
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }
}
