import type { ConsoleEvents } from '@switchboard/contracts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface ConsoleEventHandlers {
  ticket(event: ConsoleEvents['ticket']): void;
  message(event: ConsoleEvents['message']): void;
  conversation(event: ConsoleEvents['conversation']): void;
  status(status: StreamStatus): void;
  /** The stream came back after a drop: events may have been missed, so refetch. */
  reconnected(): void;
  /** The stream dropped; the app checks whether the session is still valid. */
  dropped(): void;
}

export interface ConsoleEventStreamOptions {
  createEventSource?: (url: string) => EventSource;
  random?: () => number;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s, each scaled by 0.5..1. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.5 + random() / 2));
}

/** The console's live feed over SSE; reconnects itself with backoff instead of EventSource's fixed retry. */
export class ConsoleEventStream {
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private everConnected = false;
  private stopped = true;

  constructor(
    private readonly url: () => string,
    private readonly handlers: ConsoleEventHandlers,
    private readonly options: ConsoleEventStreamOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    if (this.stopped) return;
    this.handlers.status(this.everConnected ? 'reconnecting' : 'connecting');
    const create = this.options.createEventSource ?? ((url: string) => new EventSource(url));
    const source = create(this.url());
    this.source = source;
    source.addEventListener('open', () => {
      const wasReconnect = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      this.handlers.status('live');
      if (wasReconnect) this.handlers.reconnected();
    });
    source.addEventListener('error', () => this.drop(source));
    this.listen<ConsoleEvents['ticket']>(source, 'ticket', (data) => this.handlers.ticket(data));
    this.listen<ConsoleEvents['message']>(source, 'message', (data) => this.handlers.message(data));
    this.listen<ConsoleEvents['conversation']>(source, 'conversation', (data) => this.handlers.conversation(data));
  }

  private listen<T>(source: EventSource, name: string, handle: (data: T) => void): void {
    source.addEventListener(name, (event) => {
      const data = parseEventData((event as MessageEvent<unknown>).data);
      if (data !== null) handle(data as T);
    });
  }

  private drop(source: EventSource): void {
    if (this.source !== source || this.stopped) return;
    source.close();
    this.source = null;
    this.handlers.status('reconnecting');
    this.handlers.dropped();
    const delay = reconnectDelayMs(this.attempt, this.options.random);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

/** The JSON object of an event's data, or null when it is not one. */
export function parseEventData(data: unknown): object | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
