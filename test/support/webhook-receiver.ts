import { AddressInfo } from 'node:net';
import http from 'node:http';

/** The body of a delivery, as far as the tests read it. */
export interface ReceivedEnvelope {
  id: string;
  type: string;
  version: number;
  createdAt: string;
  workspaceId: string;
  data: { message?: { content: string; author: string }; [key: string]: unknown };
}

/** One request the receiver got, and what it answered. */
export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: ReceivedEnvelope;
  status: number;
  at: number;
  /** The sender hung up before the answer was written. */
  senderGone: boolean;
}

export interface WebhookAnswer {
  status: number;
  /** The answer is written once this settles: a request held open, as by a slow receiver. */
  after?: Promise<unknown>;
  headers?: Record<string, string>;
  body?: string;
}

type Responder = (received: Omit<ReceivedWebhook, 'status' | 'at' | 'senderGone'>) => WebhookAnswer;

/**
 * A local webhook endpoint: records every request in arrival order and answers as the test's responder says
 * (200 unless told otherwise); each path can have its own responder.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly responders = new Map<string, Responder>();
  private server?: http.Server;
  private port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const request = { path, headers: req.headers, body, json: JSON.parse(body) as ReceivedEnvelope };
        const answer: WebhookAnswer = (this.responders.get(path) ?? (() => ({ status: 200 })))(request);
        // A held answer counts once written: a sender that died meanwhile never got it (status 0).
        const entry: ReceivedWebhook = {
          ...request,
          status: answer.after ? 0 : answer.status,
          at: Date.now(),
          senderGone: false,
        };
        this.received.push(entry);
        res.on('close', () => (entry.senderGone = !res.writableEnded));
        const respond = (): void => {
          if (entry.senderGone) return;
          entry.status = answer.status;
          res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
          res.end(answer.body ?? (answer.status < 300 ? 'ok' : 'receiver error'));
        };
        if (answer.after) void answer.after.finally(respond);
        else respond();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  /** Requests to `path` answered with a 2xx. */
  deliveredAt(path: string): ReceivedWebhook[] {
    return this.at(path).filter((request) => request.status >= 200 && request.status < 300);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
