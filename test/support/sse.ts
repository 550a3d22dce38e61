import { eventually } from './eventually';

export interface SseEvent {
  event: string;
  data: string;
}

/** Calls `onEvent` for each event of a text/event-stream body as it arrives, as a browser's EventSource would. */
export async function forEachSseEvent(response: Response, onEvent: (event: SseEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body?.getReader();
  if (!reader) return;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      // A block of comments only (": ping") is a keep-alive, not an event.
      if (data.length > 0 || block.split('\n').some((line) => line.startsWith('event:'))) {
        onEvent({ event, data: data.join('\n') });
      }
    }
  }
}

/** Reads a whole text/event-stream response body into its events. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  await forEachSseEvent(response, (event) => events.push(event));
  return events;
}

/** One event of a live stream, its data parsed. */
export interface LiveEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary event payloads
  data: any;
}

/** An open text/event-stream: events collect as they arrive, until close(). */
export interface LiveStream {
  status: number;
  headers: Headers;
  events: LiveEvent[];
  /** Waits for the first event matching `match`. */
  next(match: (event: LiveEvent) => boolean, what?: string): Promise<LiveEvent>;
  close(): Promise<void>;
}

export async function openLiveStream(url: string, headers: Record<string, string> = {}): Promise<LiveStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: LiveEvent[] = [];
  const reading = forEachSseEvent(response, ({ event, data }) => {
    events.push({ event, data: data ? JSON.parse(data) : null });
  }).catch(() => undefined);
  return {
    status: response.status,
    headers: response.headers,
    events,
    next: (match, what = 'a live event') =>
      eventually(() => events.find(match), { what: `${what} (got ${events.map((e) => e.event).join(', ')})` }),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}
