import { Response } from 'express';

export const EVENT_STREAM_PING_MS = 15_000;

/**
 * A text/event-stream response: headers flushed at once (proxies told not to buffer), JSON events, and a comment
 * line every `pingMs` so idle connections are not cut. Writes after the client left are dropped. The events of one tick
 * (an answer's tokens, a message and its status) leave in one socket write: Node corks a chunked response's socket
 * until the next tick (event-stream.spec.ts holds it to that).
 */
export class EventStream {
  private readonly ping: NodeJS.Timeout | null;

  constructor(
    private readonly response: Response,
    pingMs: number | null = EVENT_STREAM_PING_MS,
  ) {
    response.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    this.ping = pingMs === null ? null : setInterval(() => this.write(': ping\n\n'), pingMs);
    this.ping?.unref();
    response.on('close', () => this.stopPing());
  }

  get open(): boolean {
    return !this.response.writableEnded && !this.response.destroyed;
  }

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.stopPing();
    if (!this.response.writableEnded) this.response.end();
  }

  private stopPing(): void {
    if (this.ping) clearInterval(this.ping);
  }

  private write(chunk: string): void {
    if (this.open) this.response.write(chunk);
  }
}
