import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { SlackRefusal, SlackWebApiSpec } from './slack-web-api-spec';
import { TestApi } from './test-api';

/** One Web API call the double received. */
export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** The ts the double gave a posted message. */
  ts?: string;
  /** The error Slack would have answered, when the call was refused before any effect. */
  refused?: string;
}

type Failure = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

type Reply = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

/** The Web API methods the double answers; any other method of the spec is a violation (the product never calls it). */
const EMULATED_METHODS = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'users.info', 'auth.test'];
const BOT_USER_ID = 'UBOT';
/** Arguments Slack takes as JSON inside a form field. */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];
const TEAM_ID = 'T0DOUBLE1';

/**
 * A local Slack Web API: the inboxes' clients point at it through SLACK_API_URL. Every call is checked against
 * Slack's own OpenAPI document (test/support/slack-web-api-spec.ts): an unknown method, a missing token or a missing
 * or ill-typed argument gets the `ok: false` error Slack answers, and every answer the double gives is checked
 * against the documented response shape (problems land in `violations`). It records every call, answers
 * chat.postMessage with increasing ts, users.info from a directory, and can fail the next calls with an
 * `ok: false` error, a 500 or a 429 with Retry-After.
 */
export class SlackDouble {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, string>();
  /** Calls refused the way Slack refuses them (unknown method, no token, bad arguments), with what was wrong. */
  readonly refusals: string[] = [];
  /** Answers of the double that differ from Slack's documented shapes, and methods it does not emulate. */
  readonly violations: string[] = [];
  private readonly spec = SlackWebApiSpec.load();
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
    this.server = createServer((req, res) => {
      // A fault of the double itself must show in the test, not hang the client.
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(`${req.url}: the double failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
      });
    });
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

  /** Messages posted in a thread (thread_ts) or at the top of a channel; a refused call posted nothing. */
  postsIn(channel: string, threadTs?: string): SlackCall[] {
    return this.callsOf(
      'chat.postMessage',
      (call) =>
        call.refused === undefined &&
        call.args.channel === channel &&
        (threadTs === undefined || call.args.thread_ts === threadTs),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://slack.test');
    const method = url.pathname.replace(/^\/api\//, '');
    const body = parseSent(raw, req.headers['content-type'] ?? '');
    const sent = { ...Object.fromEntries(url.searchParams), ...(body ?? {}) };
    const authorization = req.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
    const token = bearer || (typeof sent.token === 'string' && sent.token !== '' ? sent.token : null);
    const args = decodeJsonFields(sent);
    const call: SlackCall = { method, token, args: args ?? sent };
    this.calls.push(call);
    const reply =
      body === null
        ? this.refuse(call, { error: 'invalid_json', problem: 'the JSON body does not parse' })
        : args === null
          ? this.refuse(call, { error: 'invalid_arguments', problem: `${JSON_FIELDS.join(' or ')} is not JSON` })
          : this.answer(call, sent);
    if (reply.status === 200) {
      this.violations.push(...this.spec.responseProblems(method, reply.body).map((p) => `answer to ${method}: ${p}`));
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  /** Slack's checks first (nothing refused has an effect), then a queued failure, then the method itself. */
  private answer(call: SlackCall, sent: Record<string, unknown>): Reply {
    const refusal = this.spec.refusal(call.method, call.token, sent);
    if (refusal) return this.refuse(call, refusal);
    const failure = this.takeFailure(call);
    if (failure) {
      if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
      if (failure.status === 429)
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(failure.retryAfter) },
        };
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    }
    return this.emulate(call);
  }

  private refuse(call: SlackCall, refusal: SlackRefusal): Reply {
    call.refused = refusal.error;
    this.refusals.push(`${call.method}: ${refusal.error} (${refusal.problem})`);
    return { status: 200, body: { ok: false, error: refusal.error } };
  }

  private takeFailure(call: SlackCall): Failure | undefined {
    const queue = this.failures.get(call.method) ?? [];
    const index = queue.findIndex((queued) => queued.where(call.args));
    return index < 0 ? undefined : queue.splice(index, 1)[0].failure;
  }

  private emulate(call: SlackCall): Reply {
    const { method, args } = call;
    const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { ok: true, ...body } });
    switch (method) {
      case 'chat.postMessage': {
        const ts = `${this.nextTs++}.000100`;
        call.ts = ts;
        return ok({ channel: args.channel, ts, message: postedMessage(args, ts) });
      }
      case 'chat.update': {
        const ts = String(args.ts);
        call.ts = ts;
        const text = typeof args.text === 'string' ? args.text : '';
        return ok({ channel: args.channel, ts, text, message: { text } });
      }
      case 'chat.postEphemeral':
        return ok({ message_ts: `${this.nextTs++}.000200` });
      case 'users.info': {
        const email = this.users.get(String(args.user));
        return email === undefined
          ? { status: 200, body: { ok: false, error: 'user_not_found' } }
          : ok({ user: slackUser(String(args.user), email) });
      }
      case 'auth.test':
        return ok({
          url: 'https://double.slack.test/',
          team: 'Double',
          user: 'bot',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
        });
      default:
        this.violations.push(
          `${method} is a Web API method the double does not emulate (only ${EMULATED_METHODS.join(', ')})`,
        );
        return { status: 501, body: { ok: false, error: 'not_emulated_by_the_double' } };
    }
  }
}

/** The arguments as sent: query and form fields are strings; a JSON body keeps its types. */
/** The arguments as sent (query and form fields are strings; a JSON body keeps its types); null for broken JSON. */
function parseSent(raw: string, contentType: string): Record<string, unknown> | null {
  if (!raw) return {};
  if (!contentType.includes('application/json')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The arguments Slack documents as "a JSON-based array, presented as a URL-encoded string" arrive as strings in a
 * form; tests read them decoded. Null when one of them is not JSON.
 */
function decodeJsonFields(sent: Record<string, unknown>): Record<string, unknown> | null {
  const decoded = { ...sent };
  for (const field of JSON_FIELDS) {
    const value = sent[field];
    if (typeof value !== 'string') continue;
    try {
      decoded[field] = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  return decoded;
}

function blocksOf(args: Record<string, unknown>): { blocks?: unknown } {
  return Array.isArray(args.blocks) ? { blocks: args.blocks } : {};
}

/** The message object chat.postMessage answers with (Slack's objs_message). */
function postedMessage(args: Record<string, unknown>, ts: string): Record<string, unknown> {
  return {
    type: 'message',
    user: BOT_USER_ID,
    text: typeof args.text === 'string' ? args.text : '',
    ts,
    ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
    ...blocksOf(args),
  };
}

/** A user as users.info answers (Slack's objs_user with the profile fields it always carries). */
function slackUser(id: string, email: string): Record<string, unknown> {
  const name = email.split('@')[0];
  return {
    id,
    team_id: TEAM_ID,
    name,
    real_name: name,
    is_bot: false,
    is_app_user: false,
    updated: 1_700_000_000,
    profile: {
      real_name: name,
      real_name_normalized: name,
      display_name: name,
      display_name_normalized: name,
      avatar_hash: 'g0000000000',
      title: '',
      phone: '',
      skype: '',
      status_text: '',
      status_emoji: '',
      fields: null,
      email,
    },
  };
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

  /** A block_actions press of a button on a message (Slack sends the message's blocks along: `messageBlocks`). */
  press(
    input: {
      user: string;
      channel: string;
      messageTs: string;
      actionId: string;
      value: string;
      messageBlocks?: unknown;
    },
    headers: Record<string, string> = {},
  ): request.Test {
    const payload = {
      type: 'block_actions',
      user: { id: input.user },
      channel: { id: input.channel },
      message: { ts: input.messageTs, ...(input.messageBlocks ? { blocks: input.messageBlocks } : {}) },
      container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel },
      actions: [{ action_id: input.actionId, value: input.value, type: 'button' }],
    };
    return this.postForm('interactions', new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), headers);
  }

  postForm(path: string, body: string, headers: Record<string, string> = {}): request.Test {
    return request(this.api.url)
      .post(`/v1/slack/${this.inboxKey}/${path}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set({ ...signSlack(this.signingSecret, body), ...headers })
      .send(body);
  }
}
