import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const ORDER_OWNER = 'maya.chen@example.com';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The business's API, as a local server: scripted answers per path, every request recorded. */
export class MockBusinessApi {
  readonly received: Received[] = [];
  /** Answers still to give, per path; the last one repeats. */
  readonly scripts = new Map<string, Array<{ status: number; body: object }>>();
  readonly streamClosed: Promise<void>;
  private closeStream!: () => void;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor() {
    this.streamClosed = new Promise((resolve) => (this.closeStream = resolve));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  requestsTo(path: string): Received[] {
    return this.received.filter((received) => received.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', this.origin).pathname;
      this.received.push({ method: req.method ?? '', path, headers: req.headers, body });
      this.answer(path, req, body, res);
    });
  }

  private answer(path: string, req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const json = (status: number, payload: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (path === '/slow') return; // never answers
    if (path === '/stream') return this.stream(res);
    if (path === '/big') return json(200, { blob: 'x'.repeat(10_000) });
    if (path === '/redirect/same') return void res.writeHead(302, { location: '/orders/NW-10482' }).end();
    if (path === '/redirect/private') {
      return void res.writeHead(302, { location: `http://localhost:${this.port}/orders/NW-10482` }).end();
    }
    if (path === '/redirect/elsewhere') return void res.writeHead(307, { location: 'http://elsewhere.example/' }).end();
    if (path === '/echo') return json(200, { authorization: req.headers.authorization, query: req.url });
    const script = this.scripts.get(path);
    if (script) {
      const next = script.length > 1 ? script.shift()! : script[0];
      return json(next.status, { ...next.body, authorization: req.headers.authorization });
    }
    const cancel = /^\/orders\/(NW-\d{5})\/cancel$/.exec(path);
    if (cancel) {
      const email = (JSON.parse(body || '{}') as { customer_email?: string }).customer_email;
      if (cancel[1] === 'NW-12705') return json(409, { error: 'not_cancellable', status: 'shipped' });
      if (email !== ORDER_OWNER) return json(403, { error: 'forbidden' });
      return json(200, { order_number: cancel[1], status: 'cancelled' });
    }
    if (path === '/orders/NW-10482') return json(200, { order_number: 'NW-10482', status: 'delivery scheduled' });
    const restart = /^\/devices\/(DEV-\d{4})\/restart$/.exec(path);
    if (restart && req.method === 'POST') return json(200, { device_id: restart[1], status: 'restarting' });
    if (path === '/visits') return json(422, { error: 'date_not_available' });
    return json(404, { error: 'not_found' });
  }

  /** A body without Content-Length that never ends; the client must hang up once past its cap. */
  private stream(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write('x'.repeat(1024)), 2);
    res.on('close', () => {
      clearInterval(timer);
      this.closeStream();
    });
  }
}
