import { failureKind, FetchLike, WidgetApi, WidgetApiError } from './widget-api';

interface Call {
  url: string;
  init: RequestInit;
}

function api(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  };
  return { client: new WidgetApi('https://chat.example.net', 'ib_1', fetchFn), calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const message = {
  id: 'm1',
  author: 'contact',
  content: 'Hi',
  createdAt: '2025-01-01T10:00:00.000Z',
  clientMessageId: 'c1',
  agentName: null,
  kind: 'message',
  citations: [],
  confidence: null,
  collectEmail: false,
};

describe('WidgetApi', () => {
  it('creates a session without a token header', async () => {
    const { client, calls } = api(() => json(200, { visitorToken: 'vt', owner: 'bot', messages: [] }));
    const session = await client.createSession({ visitorToken: 'old' });
    expect(session.visitorToken).toBe('vt');
    expect(calls[0]?.url).toBe('https://chat.example.net/v1/widget/ib_1/session');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ visitorToken: 'old' });
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('sends the visitor token as a bearer token on every other call', async () => {
    const { client, calls } = api(() => json(202, { message, duplicate: false }));
    client.setToken('vt');
    const answer = await client.postMessage('c1', 'Hi');
    expect(answer.message.id).toBe('m1');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer vt');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ clientMessageId: 'c1', content: 'Hi' });
  });

  it('renews the token with the current one as the bearer, and reads the fresh token and its lifetime', async () => {
    const { client, calls } = api(() =>
      json(200, { visitorToken: 'vt2', visitorTokenExpiresIn: 3600, conversationId: 'c1', extra: true }),
    );
    client.setToken('vt1');
    expect(await client.renewToken()).toEqual({
      visitorToken: 'vt2',
      visitorTokenExpiresIn: 3600,
      conversationId: 'c1',
    });
    expect(calls[0]?.url).toBe('https://chat.example.net/v1/widget/ib_1/session/renew');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer vt1');
  });

  it('reports a refused renewal as unauthorized, with the code that says why', async () => {
    const { client } = api(() => json(401, { statusCode: 401, code: 'visitor_token_revoked', message: 'revoked' }));
    client.setToken('vt1');
    const error = await client.renewToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, code: 'visitor_token_revoked' });
    expect(failureKind(error)).toBe('unauthorized');
  });

  it('refuses authenticated calls before there is a session', async () => {
    const { client, calls } = api(() => json(200, {}));
    await expect(client.postMessage('c1', 'Hi')).rejects.toMatchObject({ status: 401, code: 'no_session' });
    expect(calls).toHaveLength(0);
  });

  it('builds the gap query and the event stream URL', async () => {
    const { client, calls } = api(() => json(200, { owner: 'agent', messages: [message] }));
    expect(client.eventsUrl()).toBeNull();
    client.setToken('v t');
    const page = await client.messagesAfter('m 0');
    expect(page.owner).toBe('agent');
    expect(calls[0]?.url).toBe('https://chat.example.net/v1/widget/ib_1/messages?after=m%200');
    expect(client.eventsUrl()).toBe('https://chat.example.net/v1/widget/ib_1/events?token=v%20t');
  });

  it('turns error bodies into typed errors with the server message and code', async () => {
    const { client } = api(() =>
      json(400, { statusCode: 400, error: 'Bad Request', message: 'content is too long', code: 'message_too_long' }),
    );
    client.setToken('vt');
    const error = await client.postMessage('c1', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WidgetApiError);
    expect(error).toMatchObject({ status: 400, code: 'message_too_long', message: 'content is too long' });
    expect(failureKind(error)).toBe('rejected');
  });

  it('joins validation messages given as a list', async () => {
    const { client } = api(() => json(400, { message: ['email must be an email', 'other'] }));
    client.setToken('vt');
    await expect(client.postContact('x')).rejects.toMatchObject({ message: 'email must be an email; other' });
  });

  it('reads Retry-After on 429', async () => {
    const { client } = api(() => json(429, { code: 'rate_limited', message: 'Slow down' }, { 'Retry-After': '12' }));
    client.setToken('vt');
    const error = await client.requestHandoff().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 12000 });
    expect(failureKind(error)).toBe('rate-limited');
  });

  it('reports network failures as status 0', async () => {
    const { client } = api(() => Promise.reject(new TypeError('Failed to fetch')));
    client.setToken('vt');
    const error = await client.postFeedback('m1', 'up').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(failureKind(error)).toBe('transient');
  });

  it('treats an unreadable success body as a server fault', async () => {
    const { client } = api(() => new Response('<html>', { status: 200 }));
    await expect(client.createSession({})).rejects.toMatchObject({ status: 502 });
  });

  it('parses the small answers', async () => {
    const { client } = api((call) =>
      call.url.endsWith('feedback') ? json(200, { handedOff: true }) : json(200, { owner: 'queued' }),
    );
    client.setToken('vt');
    await expect(client.postFeedback('m1', 'down')).resolves.toEqual({ handedOff: true });
    await expect(client.requestHandoff()).resolves.toEqual({ owner: 'queued' });
  });
});

describe('failureKind', () => {
  it('classifies failures by what the widget should do next', () => {
    expect(failureKind(new WidgetApiError(503, null, 'down'))).toBe('transient');
    expect(failureKind(new WidgetApiError(408, null, 'timeout'))).toBe('transient');
    expect(failureKind(new Error('boom'))).toBe('transient');
    expect(failureKind(new WidgetApiError(401, 'identity_invalid', 'bad hash'))).toBe('identity');
    expect(failureKind(new WidgetApiError(401, 'identity_required', 'who?'))).toBe('identity');
    expect(failureKind(new WidgetApiError(401, 'invalid_token', 'expired'))).toBe('unauthorized');
    expect(failureKind(new WidgetApiError(403, 'origin_not_allowed', 'no'))).toBe('rejected');
  });
});
