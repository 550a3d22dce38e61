import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { TestApi } from './test-api';

/** One Web API call the double received. */
export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** The ts the double gave a posted message. */
  ts?: string;
}

type Failure = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

/**
 * A local Slack Web API: the inboxes' clients point at it through SLACK_API_URL. It records every call, answers
 * chat.postMessage with increasing ts, users.info from a directory, and can fail the next calls with an
 * `ok: false` error, a 500 or a 429 with Retry-After.
 */
export class SlackDouble {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, string>();
  private readonly failures = new Map<
    string,
    Array<{ failure: Failure; where: (args: Record<string, unknown>) => boolean }>
  >();
  private server: Server | null = null;
  private nextTs = 1_700_000_000;

  get apiUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('slack double not started');
    return `http://127.0.0.1:${address.port}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next `times` calls of `method` fail this way; with `where`, only calls whose arguments match it, so a post
   * left over from an earlier test cannot take a failure meant for this one.
   */
  fail(
    method: string,
    failure: Failure,
    times = 1,
    where: (args: Record<string, unknown>) => boolean = () => true,
  ): void {
    const queued = Array.from({ length: times }, () => ({ failure, where }));
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...queued]);
  }

  callsOf(method: string, where: (call: SlackCall) => boolean = () => true): SlackCall[] {
    return this.calls.filter((call) => call.method === method && where(call));
  }

  /** Messages posted in a thread (thread_ts) or at the top of a channel. */
  postsIn(channel: string, threadTs?: string): SlackCall[] {
    return this.callsOf(
      'chat.postMessage',
      (call) => call.args.channel === channel && (threadTs === undefined || call.args.thread_ts === threadTs),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
    const call: SlackCall = { method, token, args };
    this.calls.push(call);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const queue = this.failures.get(method) ?? [];
    const index = queue.findIndex((queued) => queued.where(args));
    const failure = index < 0 ? undefined : queue.splice(index, 1)[0].failure;
    if (failure) {
      if ('error' in failure) return reply(200, { ok: false, error: failure.error });
      if (failure.status === 429)
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      return reply(500, { ok: false, error: 'internal_error' });
    }
    switch (method) {
      case 'chat.postMessage':
      case 'chat.update': {
        const ts = method === 'chat.update' ? String(args.ts) : `${this.nextTs++}.000100`;
        call.ts = ts;
        return reply(200, { ok: true, channel: args.channel, ts, message: { text: args.text, ts } });
      }
      case 'chat.postEphemeral':
        return reply(200, { ok: true, message_ts: `${this.nextTs++}.000200` });
      case 'users.info': {
        const email = this.users.get(String(args.user));
        return email === undefined
          ? reply(200, { ok: false, error: 'user_not_found' })
          : reply(200, { ok: true, user: { id: args.user, profile: { email } } });
      }
      default:
        return reply(200, { ok: true });
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The client sends arrays and objects (blocks) as JSON strings inside the form.
    args[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return args;
}

/** Signs a body exactly as Slack does: v0=HMAC-SHA256(signing secret, `v0:timestamp:body`). */
export function signSlack(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': `v0=${signature}` };
}

/** Slack's side of one Slack inbox: events, slash commands and button presses, signed with its secret. */
export class SlackWorkspaceClient {
  private eventCounter = 0;

  constructor(
    private readonly api: TestApi,
    readonly inboxKey: string,
    readonly signingSecret: string,
    readonly botUserId = 'UBOT',
  ) {}

  /** POSTs an event_callback; returns the request so tests can assert its status. */
  event(
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number; headers?: Record<string, string> } = {},
  ): request.Test {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: options.eventId ?? `Ev${++this.eventCounter}${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T1', user_id: this.botUserId, is_bot: true }],
      event,
    });
    return this.postJson('events', body, {
      ...(options.retryNum
        ? { 'X-Slack-Retry-Num': String(options.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' }
        : {}),
      ...options.headers,
    });
  }

  postJson(path: string, body: string, headers: Record<string, string> = {}): request.Test {
    const test = request(this.api.url)
      .post(`/v1/slack/${this.inboxKey}/${path}`)
      .set('Content-Type', 'application/json')
      .set({ ...signSlack(this.signingSecret, body), ...headers });
    return test.send(body);
  }

  command(fields: Record<string, string>): request.Test {
    return this.postForm('commands', new URLSearchParams({ command: '/ask', team_id: 'T1', ...fields }).toString());
  }

  /** A block_actions press of a button on a message. */
  press(input: { user: string; channel: string; messageTs: string; actionId: string; value: string }): request.Test {
    const payload = {
      type: 'block_actions',
      user: { id: input.user },
      channel: { id: input.channel },
      message: { ts: input.messageTs },
      container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel },
      actions: [{ action_id: input.actionId, value: input.value, type: 'button' }],
    };
    return this.postForm('interactions', new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  postForm(path: string, body: string, headers: Record<string, string> = {}): request.Test {
    return request(this.api.url)
      .post(`/v1/slack/${this.inboxKey}/${path}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set({ ...signSlack(this.signingSecret, body), ...headers })
      .send(body);
  }
}
