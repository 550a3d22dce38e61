import {
  ActionCallContext,
  ActionCaller,
  ActionCallResult,
  ActionDefinitionView,
  ActionDefinitionsService,
} from '@switchboard/actions';
import { WorkspaceId, WorkspaceMismatchError } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CapturedLogs } from '../support/captured-logs';
import { MockBusinessApi, ORDER_OWNER as OWNER } from '../support/mock-business-api';
import { TestApi, startTestApi } from '../support/test-api';

const SECRET = 'tok_live_5ecret_4f3e2d1c';

describe('ActionCaller against a local HTTP API', () => {
  let api: TestApi;
  let business: MockBusinessApi;
  let key: string;
  let workspaceId: WorkspaceId;
  let caller: ActionCaller;
  let definitions: ActionDefinitionsService;
  const logs = new CapturedLogs();

  beforeAll(async () => {
    business = new MockBusinessApi();
    await business.start();
    // Lets the declared host (this machine) be reached at all; redirects elsewhere stay held to public addresses.
    api = await startTestApi('actions_caller', { CRAWL_ALLOW_PRIVATE_NETWORKS: 'true' });
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Northwind' })
      .expect(201);
    key = `Bearer ${created.body.apiKey.key}`;
    workspaceId = created.body.workspace.id as WorkspaceId;
    await setActionHosts(['127.0.0.1', 'localhost']);
    caller = api.app.get(ActionCaller);
    definitions = api.app.get(ActionDefinitionsService);
    api.app.useLogger(logs);
  });

  afterAll(async () => {
    await api?.close();
    await business?.stop();
  });

  const setActionHosts = (actionHosts: string[]) =>
    request(api.url).patch('/v1/workspace/settings').set('Authorization', key).send({ actionHosts }).expect(200);

  /** Declares an action through the admin API and returns it as the bot sees it. */
  const declare = async ({
    name,
    path,
    ...action
  }: { name: string; path: string } & Record<string, unknown>): Promise<ActionDefinitionView> => {
    const created = await request(api.url)
      .post('/v1/actions')
      .set('Authorization', key)
      .send({
        description: 'An action of the test API.',
        method: 'GET',
        parameters: { type: 'object', properties: {} },
        headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
        secrets: { API_TOKEN: SECRET },
        ...action,
        name: `${name}_${randomUUID().slice(0, 8)}`,
        url: `${business.origin}${path}`,
      })
      .expect(201);
    return (await definitions.get(workspaceId, created.body.id as string))!;
  };

  const context = (identity: Record<string, string> | null = null): ActionCallContext => ({
    workspaceId,
    conversationId: randomUUID(),
    identity,
  });

  const ORDER_NUMBER = {
    type: 'object',
    properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$' } },
    required: ['order_number'],
  };
  const CANCEL = {
    name: 'cancel_order',
    method: 'POST',
    path: '/orders/{order_number}/cancel',
    parameters: {
      type: 'object',
      properties: {
        order_number: { type: 'string', pattern: '^NW-\\d{5}$' },
        customer_email: { type: 'string', format: 'email' },
      },
      required: ['order_number', 'customer_email'],
      additionalProperties: false,
    },
    identity: 'customer_email',
    sideEffect: true,
  };

  const scripted = async (responses: Array<{ status: number; body: object }>) => {
    const path = `/scripted/${randomUUID()}`;
    business.scripts.set(path, responses);
    return { path, action: await declare({ name: 'scripted', path }) };
  };

  const expectNoSecret = (result: ActionCallResult) => {
    expect(JSON.stringify(result)).not.toContain(SECRET);
  };

  it('answers 200 with the parsed JSON, the path parameter encoded', async () => {
    const action = await declare({ name: 'order_status', path: '/orders/{order_number}', parameters: ORDER_NUMBER });
    const result = await caller.call(action, { order_number: 'NW-10482' }, context());
    expect(result.outcome).toEqual({
      kind: 'ok',
      status: 200,
      body: { order_number: 'NW-10482', status: 'delivery scheduled' },
    });
    expect(result.record).toMatchObject({
      action: action.name,
      arguments: { order_number: 'NW-10482' },
      status: 200,
      outcome: 'ok',
      attempts: 1,
    });
    expect(result.record.latencyMs).toEqual(expect.any(Number));
  });

  it('sends GET arguments as the query string and the others as a JSON body', async () => {
    const search = await declare({
      name: 'search',
      path: '/echo',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
    });
    const result = await caller.call(search, { q: 'a b&c' }, context());
    expect(result.outcome).toMatchObject({ kind: 'ok', body: { query: '/echo?q=a+b%26c' } });
  });

  it('maps 404 to not_found, 409 to conflict and 422 to rejected with an excerpt of the body', async () => {
    const status = await declare({ name: 'order_status', path: '/orders/{order_number}', parameters: ORDER_NUMBER });
    const missing = await caller.call(status, { order_number: 'NW-99999' }, context());
    expect(missing.outcome).toEqual({ kind: 'not_found', status: 404, excerpt: '{"error":"not_found"}' });

    const cancel = await declare(CANCEL);
    const shipped = await caller.call(cancel, { order_number: 'NW-12705' }, context({ customer_email: OWNER }));
    expect(shipped.outcome).toMatchObject({ kind: 'conflict', status: 409 });
    expect(business.requestsTo('/orders/NW-12705/cancel')).toHaveLength(1);

    const book = await declare({
      name: 'book_repair',
      method: 'POST',
      path: '/visits',
      parameters: { type: 'object', properties: { date: { type: 'string', format: 'date' } }, required: ['date'] },
    });
    const sunday = await caller.call(book, { date: '2027-03-07' }, context());
    expect(sunday.outcome).toEqual({ kind: 'rejected', status: 422, excerpt: '{"error":"date_not_available"}' });
    expect(sunday.record).toMatchObject({ status: 422, outcome: 'rejected', attempts: 1 });
  });

  it('calls a 403 exactly once, and never retries it', async () => {
    const cancel = await declare(CANCEL);
    const result = await caller.call(
      cancel,
      { order_number: 'NW-10482' },
      context({ customer_email: 'else@example.com' }),
    );
    expect(result.outcome).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(result.record.attempts).toBe(1);
    const calls = business.requestsTo('/orders/NW-10482/cancel');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual({ customer_email: 'else@example.com' });
  });

  it('retries a 500 once, and succeeds when the second answer is 200', async () => {
    const { path, action } = await scripted([
      { status: 500, body: { error: 'boom' } },
      { status: 200, body: { status: 'ok' } },
    ]);
    const result = await caller.call(action, {}, context());
    expect(result.outcome).toMatchObject({ kind: 'ok', status: 200, body: { status: 'ok' } });
    expect(result.record.attempts).toBe(2);
    expect(business.requestsTo(path)).toHaveLength(2);
  });

  it('fails after exactly two calls when both answer 500', async () => {
    const { path, action } = await scripted([{ status: 500, body: { error: 'boom' } }]);
    const result = await caller.call(action, {}, context());
    expect(result.outcome).toMatchObject({ kind: 'failed', reason: 'server_error', status: 500 });
    expect(result.record).toMatchObject({ outcome: 'failed', status: 500, attempts: 2 });
    expect(business.requestsTo(path)).toHaveLength(2);
  });

  it('times out within timeoutMs, and retries a timeout once', async () => {
    const action = await declare({ name: 'slow', path: '/slow', timeoutMs: 200 });
    const before = business.requestsTo('/slow').length;
    const started = Date.now();
    const result = await caller.call(action, {}, context());
    expect(result.outcome).toMatchObject({ kind: 'failed', reason: 'timeout', status: null });
    expect(result.record.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(business.requestsTo('/slow').length - before).toBe(2);
  });

  it('stops at maxResponseBytes, declared or streamed, without retrying', async () => {
    const big = await declare({ name: 'big', path: '/big', maxResponseBytes: 1024 });
    expect((await caller.call(big, {}, context())).outcome).toEqual({
      kind: 'response_too_large',
      status: 200,
      limitBytes: 1024,
    });
    const stream = await declare({ name: 'stream', path: '/stream', maxResponseBytes: 4096 });
    const streamed = await caller.call(stream, {}, context());
    expect(streamed.outcome).toMatchObject({ kind: 'response_too_large', limitBytes: 4096 });
    expect(streamed.record.attempts).toBe(1);
    // The server sees the client hang up: the endless body was not read past the cap.
    await business.streamClosed;
  });

  it('follows a redirect within the declared origin', async () => {
    const action = await declare({ name: 'moved', path: '/redirect/same' });
    expect((await caller.call(action, {}, context())).outcome).toMatchObject({ kind: 'ok', status: 200 });
  });

  it('refuses a redirect to a private address off the declared origin, and one to a host off the allow-list', async () => {
    const before = business.requestsTo('/orders/NW-10482').length;
    const toPrivate = await declare({ name: 'to_private', path: '/redirect/private' });
    const refused = await caller.call(toPrivate, {}, context());
    expect(refused.outcome).toMatchObject({ kind: 'refused', reason: 'network_guard' });
    expect(refused.outcome.kind === 'refused' && refused.outcome.message).toMatch(/localhost resolves to .*loopback/);
    expect(business.requestsTo('/orders/NW-10482').length).toBe(before);

    const elsewhere = await declare({ name: 'elsewhere', path: '/redirect/elsewhere' });
    expect((await caller.call(elsewhere, {}, context())).outcome).toMatchObject({
      kind: 'refused',
      reason: 'host_not_allowed',
    });
  });

  it('refuses a host that is no longer on the allow-list, without a request', async () => {
    const action = await declare({ name: 'order_status', path: '/orders/{order_number}', parameters: ORDER_NUMBER });
    const before = business.received.length;
    await setActionHosts(['localhost']);
    try {
      const result = await caller.call(action, { order_number: 'NW-10482' }, context());
      expect(result.outcome).toMatchObject({ kind: 'refused', reason: 'host_not_allowed' });
      expect(result.record).toMatchObject({ status: null, attempts: 0, outcome: 'refused' });
    } finally {
      await setActionHosts(['127.0.0.1', 'localhost']);
    }
    expect(business.received.length).toBe(before);
  });

  it('refuses an identity-bound action without a verified customer, whatever the arguments say', async () => {
    const cancel = await declare(CANCEL);
    const before = business.received.length;
    const result = await caller.call(cancel, { order_number: 'NW-10482', customer_email: OWNER }, context(null));
    expect(result.outcome).toMatchObject({ kind: 'refused', reason: 'identity_missing' });
    expect(result.record).toEqual(
      expect.objectContaining({ arguments: { order_number: 'NW-10482' }, attempts: 0, status: null }),
    );
    expect(business.received.length).toBe(before);
  });

  it('replaces an identity value typed in the arguments with the verified one, and redacts it in the record', async () => {
    const cancel = await declare(CANCEL);
    const result = await caller.call(
      cancel,
      { order_number: 'NW-10482', customer_email: 'attacker@example.com' },
      context({ customer_email: OWNER }),
    );
    expect(result.outcome).toMatchObject({ kind: 'ok', body: { status: 'cancelled' } });
    const sent = business.requestsTo('/orders/NW-10482/cancel').at(-1)!;
    expect(JSON.parse(sent.body)).toEqual({ customer_email: OWNER });
    expect(result.record.arguments).toEqual({ order_number: 'NW-10482', customer_email: '[verified identity]' });
    expect(JSON.stringify(result.record)).not.toContain('attacker@example.com');
  });

  it('returns invalid_arguments listing the problems before any call', async () => {
    const status = await declare({ name: 'order_status', path: '/orders/{order_number}', parameters: ORDER_NUMBER });
    const before = business.received.length;
    const result = await caller.call(status, { order_number: 'nw10482', extra: 1 }, context());
    expect(result.outcome).toEqual({
      kind: 'invalid_arguments',
      problems: [{ parameter: 'order_number', message: 'must match pattern "^NW-\\d{5}$"' }],
    });
    const dots = await declare({
      name: 'by_id',
      path: '/items/{id}',
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    });
    expect((await caller.call(dots, { id: '..' }, context())).outcome).toMatchObject({ kind: 'invalid_arguments' });
    expect(business.received.length).toBe(before);
  });

  it('sends the secret in its header, and keeps it out of the outcome, the record and the logs', async () => {
    const echo = await declare({ name: 'echo', path: '/echo' });
    const ok = await caller.call(echo, {}, context());
    expect(business.requestsTo('/echo').at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(ok.outcome).toMatchObject({ kind: 'ok', body: { authorization: 'Bearer [secret]' } });
    expectNoSecret(ok);

    const { action } = await scripted([{ status: 500, body: { error: 'boom' } }]);
    const failed = await caller.call(action, {}, context());
    expect(failed.record.responseExcerpt).toContain('Bearer [secret]');
    expectNoSecret(failed);

    const warnings = logs.lines.filter((line) => line.includes(action.name));
    expect(warnings).toEqual([expect.stringContaining('failed (HTTP 500) after 2 attempt(s)')]);
    expect(logs.lines.join('\n')).not.toContain(SECRET);
  });

  it('refuses to run a definition for another workspace', async () => {
    const echo = await declare({ name: 'echo', path: '/echo' });
    const other = { ...context(), workspaceId: randomUUID() as WorkspaceId };
    await expect(caller.call(echo, {}, other)).rejects.toBeInstanceOf(WorkspaceMismatchError);
  });

  it('rate-limits calls per conversation', async () => {
    const status = await declare({ name: 'order_status', path: '/orders/{order_number}', parameters: ORDER_NUMBER });
    const conversation = context();
    const kinds: string[] = [];
    for (let i = 0; i < 11; i++)
      kinds.push((await caller.call(status, { order_number: 'NW-10482' }, conversation)).outcome.kind);
    expect(kinds).toEqual([...Array<string>(10).fill('ok'), 'refused']);
    const limited = await caller.call(status, { order_number: 'NW-10482' }, conversation);
    expect(limited.outcome).toMatchObject({
      kind: 'refused',
      reason: 'rate_limited',
      retryAfterSeconds: expect.any(Number),
    });
    expect((await caller.call(status, { order_number: 'NW-10482' }, context())).outcome.kind).toBe('ok');
  });
});
