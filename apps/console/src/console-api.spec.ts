import { ApiError, ConsoleApi, parseRetryAfter } from './console-api';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(response: () => Response): { fetchImpl: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init });
    return response();
  }) as typeof fetch;
  return { fetchImpl, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('ConsoleApi', () => {
  it('sends the bearer token and JSON body, and returns the parsed answer', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(201, { message: { id: 'm1' } }));
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });
    const message = await api.sendMessage('conv 1', 'Hi', true);
    expect(message).toEqual({ id: 'm1' });
    expect(calls[0].url).toBe('/v1/console/conversations/conv%201/messages');
    expect(calls[0].init?.method).toBe('POST');
    expect(calls[0].init?.headers).toMatchObject({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' });
    expect(JSON.parse(calls[0].init?.body as string)).toEqual({ content: 'Hi', private: true });
  });

  it('calls the assist routes of a conversation and unwraps their answers', async () => {
    const suggestion = { text: 'Draft [1]', citations: [], confidence: 0.6, model: 'extractive', replyingTo: 'Hi' };
    const bodies: Record<string, unknown> = {
      '/v1/console/assist': { rewrite: { available: false, reason: 'Offline.' }, styles: ['shorter'] },
      '/v1/console/conversations/c%2F1/assist/suggest-reply': { suggestion },
      '/v1/console/conversations/c%2F1/assist/rewrite': {
        rewrite: { text: 'Short', model: 'm', language: null, filtered: [] },
      },
      '/v1/console/conversations/c%2F1/assist/summary': { summary: 'They asked.' },
    };
    const calls: Call[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input as string;
      calls.push({ url, init });
      return json(200, bodies[url]);
    }) as typeof fetch;
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });

    await expect(api.assistCapabilities()).resolves.toEqual(bodies['/v1/console/assist']);
    await expect(api.suggestReply('c/1')).resolves.toEqual(suggestion);
    await expect(api.rewrite('c/1', { text: 'Long draft', style: 'shorter' })).resolves.toMatchObject({
      text: 'Short',
    });
    await expect(api.summarize('c/1')).resolves.toBe('They asked.');
    expect(calls.map((call) => call.init?.method)).toEqual(['GET', 'POST', 'POST', 'POST']);
    expect(JSON.parse(calls[2].init?.body as string)).toEqual({ text: 'Long draft', style: 'shorter' });
  });

  it('asks for the queue with its filter', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(200, { tickets: [] }));
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });
    await expect(api.listTickets({ status: 'pending', scope: 'mine' })).resolves.toEqual([]);
    expect(calls[0].url).toBe('/v1/console/tickets?status=pending&scope=mine');
  });

  it('reports a 401 on an authenticated call as the end of the session', async () => {
    const onUnauthorized = jest.fn();
    const { fetchImpl } = fakeFetch(() => json(401, { statusCode: 401, message: 'Unauthorized' }));
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized, fetchImpl });
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a wrong password at login as an ended session', async () => {
    const onUnauthorized = jest.fn();
    const { fetchImpl } = fakeFetch(() => json(401, { statusCode: 401, message: 'Invalid credentials' }));
    const api = new ConsoleApi({ getToken: () => null, onUnauthorized, fetchImpl });
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('carries the error code, body and Retry-After of a failed call', async () => {
    const workspaces = [{ id: 'w1', name: 'Acme' }];
    const { fetchImpl } = fakeFetch(() =>
      json(409, { statusCode: 409, error: 'Conflict', code: 'workspace_required', message: 'Pick one', workspaces }),
    );
    const api = new ConsoleApi({ getToken: () => null, onUnauthorized: jest.fn(), fetchImpl });
    const error = (await api.login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('workspace_required');
    expect(error.body?.workspaces).toEqual(workspaces);
    expect(error.message).toBe('Pick one');

    const limited = fakeFetch(() => json(429, { code: 'rate_limited', message: 'Slow down' }, { 'Retry-After': '42' }));
    const api2 = new ConsoleApi({ getToken: () => null, onUnauthorized: jest.fn(), fetchImpl: limited.fetchImpl });
    await expect(api2.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 42,
    });
  });

  it('joins validation messages', async () => {
    const { fetchImpl } = fakeFetch(() => json(400, { message: ['content too long', 'bad'] }));
    const api = new ConsoleApi({ getToken: () => 't', onUnauthorized: jest.fn(), fetchImpl });
    await expect(api.createCannedReply('x', 'y')).rejects.toMatchObject({ message: 'content too long; bad' });
  });

  it('turns a network failure into status 0', async () => {
    const fetchImpl = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const api = new ConsoleApi({ getToken: () => 't', onUnauthorized: jest.fn(), fetchImpl });
    const error = (await api.me().catch((e: unknown) => e)) as ApiError;
    expect(error.isNetworkError).toBe(true);
  });

  it('accepts an empty 204', async () => {
    const { fetchImpl } = fakeFetch(() => new Response(null, { status: 204 }));
    const api = new ConsoleApi({ getToken: () => 't', onUnauthorized: jest.fn(), fetchImpl });
    await expect(api.deleteCannedReply('c1')).resolves.toBeUndefined();
  });

  it('puts the token in the event stream URL', () => {
    const api = new ConsoleApi({ getToken: () => 'a b', onUnauthorized: jest.fn(), fetchImpl: jest.fn() });
    expect(api.eventsUrl()).toBe('/v1/console/events?token=a%20b');
  });

  it('calls the fine-tuning routes and turns a 409 into an error with its code', async () => {
    const dataset = { id: 'e1', seed: 42 };
    const calls: Call[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input as string;
      calls.push({ url, init });
      if (url.endsWith('/fine-tuning/exports')) return json(201, { export: dataset });
      return json(409, { statusCode: 409, message: 'Set OPENAI_API_KEY', code: 'provider_required' });
    }) as typeof fetch;
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });

    await expect(api.createFineTuningExport()).resolves.toEqual(dataset);
    const refused = await api.startFineTuningJob({ exportId: 'e1' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 409, code: 'provider_required', message: 'Set OPENAI_API_KEY' });
    expect(calls.map((call) => [call.init?.method, call.url])).toEqual([
      ['POST', '/v1/console/fine-tuning/exports'],
      ['POST', '/v1/console/fine-tuning/jobs'],
    ]);
    expect(JSON.parse(calls[1].init?.body as string)).toEqual({ exportId: 'e1' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds or an HTTP date', () => {
    const now = Date.parse('2024-05-10T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Fri, 10 May 2024 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('lists, creates, changes and deletes actions on their console routes', async () => {
    const action = { id: 'a 1', name: 'order_status' };
    const { fetchImpl, calls } = fakeFetch(() => json(200, { action, actions: [action] }));
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });
    await expect(api.listActions()).resolves.toEqual([action]);
    const body = { name: 'order_status', description: 'd', method: 'GET' as const, url: 'https://x', parameters: {} };
    await expect(api.createAction(body)).resolves.toEqual(action);
    await expect(api.updateAction('a 1', { secrets: { TOKEN: null } })).resolves.toEqual(action);
    await expect(api.deleteAction('a 1')).resolves.toEqual([action]);
    expect(calls.map((call) => `${call.init?.method} ${call.url}`)).toEqual([
      'GET /v1/console/actions',
      'POST /v1/console/actions',
      'PATCH /v1/console/actions/a%201',
      'DELETE /v1/console/actions/a%201',
    ]);
    expect(JSON.parse(calls[2].init?.body as string)).toEqual({ secrets: { TOKEN: null } });
  });

  it("carries a 400's per-field errors", async () => {
    const errors = [{ field: 'url', messages: ['url host evil.example is not one of the action hosts'] }];
    const { fetchImpl } = fakeFetch(() => json(400, { statusCode: 400, message: 'Invalid action', errors }));
    const api = new ConsoleApi({ getToken: () => 'tok', onUnauthorized: jest.fn(), fetchImpl });
    await expect(api.updateAction('a1', { url: 'https://evil.example' })).rejects.toMatchObject({
      status: 400,
      body: { errors },
    });
  });
});
