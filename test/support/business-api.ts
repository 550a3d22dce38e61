import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { TestApi } from './test-api';

/** One request the business's API received. */
export interface BusinessCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/**
 * A shop's own HTTP API on this machine, for the bot's actions: order status, cancelling an order (only for the
 * e-mail the order belongs to, else 403) and restarting a device. Every request is recorded.
 */
export class BusinessApi {
  readonly calls: BusinessCall[] = [];
  private readonly cancelled = new Set<string>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  /** `owners`: order number → the e-mail address the order belongs to. */
  constructor(private readonly owners: Readonly<Record<string, string>>) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsTo(method: string, path: string): BusinessCall[] {
    return this.calls.filter((call) => call.method === method && call.path === path);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', this.origin).pathname;
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      this.calls.push({ method: req.method ?? '', path, body });
      const [status, payload] = this.answer(req.method ?? '', path, body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  }

  private answer(method: string, path: string, body: Record<string, unknown>): [number, object] {
    const order = /^\/orders\/([^/]+)$/.exec(path);
    if (method === 'GET' && order && this.owners[order[1]]) {
      return [200, { order_number: order[1], status: this.cancelled.has(order[1]) ? 'cancelled' : 'being packed' }];
    }
    const cancel = /^\/orders\/([^/]+)\/cancel$/.exec(path);
    if (method === 'POST' && cancel && this.owners[cancel[1]]) {
      if (body.customer_email !== this.owners[cancel[1]]) return [403, { error: 'forbidden' }];
      this.cancelled.add(cancel[1]);
      return [200, { order_number: cancel[1], status: 'cancelled' }];
    }
    const restart = /^\/devices\/([^/]+)\/restart$/.exec(path);
    if (method === 'POST' && restart) return [200, { device_id: restart[1], status: 'restarting' }];
    return [404, { error: 'not_found' }];
  }
}

const ORDER_NUMBER = { type: 'string', pattern: '^NW-\\d{5}$', description: 'The order number' };

/** The shop's actions, as a support lead would declare them. */
export function shopActions(origin: string): Array<Record<string, unknown>> {
  return [
    {
      name: 'order_status',
      description: 'Look up the delivery status of an order by its order number.',
      method: 'GET',
      url: `${origin}/orders/{order_number}`,
      parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
      examples: ['Where is my order NW-10482?'],
    },
    {
      name: 'cancel_order',
      description: 'Cancel an order that has not shipped yet.',
      method: 'POST',
      url: `${origin}/orders/{order_number}/cancel`,
      parameters: {
        type: 'object',
        properties: { order_number: ORDER_NUMBER, customer_email: { type: 'string', format: 'email' } },
        required: ['order_number', 'customer_email'],
        additionalProperties: false,
      },
      identity: 'customer_email',
      sideEffect: true,
      examples: ['Please cancel my order NW-10482'],
    },
    {
      name: 'restart_device',
      description: 'Restart a customer device remotely by its device id.',
      method: 'POST',
      url: `${origin}/devices/{device_id}/restart`,
      parameters: {
        type: 'object',
        properties: { device_id: { type: 'string', pattern: '^DEV-\\d{4}$', description: 'The device id' } },
        required: ['device_id'],
        additionalProperties: false,
      },
      sideEffect: true,
      examples: ['Please restart device DEV-1234'],
    },
  ];
}

/** Lets the workspace's actions reach this machine and declares them through the admin API. */
export async function declareActions(
  api: TestApi,
  auth: string,
  actions: Array<Record<string, unknown>>,
): Promise<void> {
  await request(api.url)
    .patch('/v1/workspace/settings')
    .set('Authorization', auth)
    .send({ actionHosts: ['127.0.0.1'] })
    .expect(200);
  for (const action of actions) {
    await request(api.url).post('/v1/actions').set('Authorization', auth).send(action).expect(201);
  }
}
