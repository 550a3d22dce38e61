import { backoffDelay } from './backoff';
import type { WidgetMessage } from '@switchboard/contracts';

export interface OutboxItem {
  clientMessageId: string;
  content: string;
  createdAt: string;
}

export type SendOutcome =
  | { type: 'sent'; message: WidgetMessage }
  /** Network error, 5xx or an expired session: try again later with the same clientMessageId. */
  | { type: 'retry' }
  | { type: 'rate-limited'; retryAfterMs: number }
  /** The server refused the message for good (e.g. 400 message_too_long). */
  | { type: 'rejected'; reason: string };

export type RetryCause = 'error' | 'rate-limited';

export interface OutboxEvents {
  onSent(item: OutboxItem, message: WidgetMessage): void;
  onRejected(item: OutboxItem, reason: string): void;
  onRetryScheduled(item: OutboxItem, delayMs: number, cause: RetryCause): void;
}

export interface OutboxPersistence {
  load(): OutboxItem[];
  save(items: OutboxItem[]): void;
}

export type Cancel = () => void;
export type Schedule = (callback: () => void, delayMs: number) => Cancel;

export interface OutboxOptions {
  send(item: OutboxItem): Promise<SendOutcome>;
  persistence: OutboxPersistence;
  events: OutboxEvents;
  schedule: Schedule;
  random?: () => number;
}

/**
 * Customer messages waiting for the server's acknowledgement, sent one at a time in order. Failed sends are
 * retried with the same clientMessageId (the server is idempotent), so a retry can never duplicate a message.
 */
export class Outbox {
  private items: OutboxItem[];
  private inFlight: OutboxItem | null = null;
  private acknowledgedInFlight = false;
  private cancelTimer: Cancel | null = null;
  private attempt = 0;
  private paused = true;

  constructor(private readonly options: OutboxOptions) {
    this.items = options.persistence.load().filter(isOutboxItem);
  }

  pending(): OutboxItem[] {
    return [...this.items];
  }

  enqueue(item: OutboxItem): void {
    if (this.items.some((queued) => queued.clientMessageId === item.clientMessageId)) return;
    this.items.push(item);
    this.persist();
    this.kick();
  }

  /** The server already has this message (seen in history or on the event stream): stop sending it. */
  acknowledge(clientMessageId: string): void {
    if (this.inFlight?.clientMessageId === clientMessageId) {
      this.acknowledgedInFlight = true;
      return;
    }
    const before = this.items.length;
    this.items = this.items.filter((item) => item.clientMessageId !== clientMessageId);
    if (this.items.length === before) return;
    this.persist();
    if (this.items.length === 0) this.clearTimer();
  }

  /** Starts sending (once there is a session). */
  resume(): void {
    this.paused = false;
    this.kick();
  }

  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  /** Skips the current wait, e.g. when the browser comes back online. */
  retryNow(): void {
    this.clearTimer();
    this.kick();
  }

  private kick(): void {
    if (this.paused || this.inFlight !== null || this.cancelTimer !== null) return;
    const head = this.items[0];
    if (head) void this.sendHead(head);
  }

  private async sendHead(item: OutboxItem): Promise<void> {
    this.inFlight = item;
    this.acknowledgedInFlight = false;
    let outcome: SendOutcome;
    try {
      outcome = await this.options.send(item);
    } catch {
      outcome = { type: 'retry' };
    }
    const acknowledged = this.acknowledgedInFlight;
    this.inFlight = null;
    this.acknowledgedInFlight = false;

    switch (outcome.type) {
      case 'sent':
        this.attempt = 0;
        this.remove(item);
        this.options.events.onSent(item, outcome.message);
        break;
      case 'rejected':
        this.attempt = 0;
        this.remove(item);
        this.options.events.onRejected(item, outcome.reason);
        break;
      case 'retry':
      case 'rate-limited': {
        if (acknowledged) {
          this.attempt = 0;
          this.remove(item);
          break;
        }
        // A paused outbox (no usable session) picks the item up again on resume().
        if (this.paused) return;
        const delay =
          outcome.type === 'retry' ? backoffDelay(this.attempt++, this.options.random) : outcome.retryAfterMs;
        this.cancelTimer = this.options.schedule(() => {
          this.cancelTimer = null;
          this.kick();
        }, delay);
        this.options.events.onRetryScheduled(item, delay, outcome.type === 'retry' ? 'error' : 'rate-limited');
        return;
      }
    }
    this.kick();
  }

  private remove(item: OutboxItem): void {
    this.items = this.items.filter((queued) => queued.clientMessageId !== item.clientMessageId);
    this.persist();
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private persist(): void {
    this.options.persistence.save(this.items);
  }
}

export function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    typeof item.clientMessageId === 'string' &&
    item.clientMessageId !== '' &&
    typeof item.content === 'string' &&
    typeof item.createdAt === 'string'
  );
}
