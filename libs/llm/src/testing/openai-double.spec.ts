import OpenAI from 'openai';

import { OpenAiDouble, splitTokens } from './openai-double';

describe('OpenAiDouble', () => {
  let double: OpenAiDouble;

  beforeEach(async () => {
    double = await OpenAiDouble.start({ apiKey: 'sk-test' });
  });

  afterEach(async () => {
    await double.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${double.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...headers },
      body: JSON.stringify(body),
    });

  it('streams SSE chunks in OpenAI format: role, content deltas, finish, usage, [DONE]', async () => {
    double.enqueue({ tokens: ['Hi', ' there'], usage: { promptTokens: 9, completionTokens: 2 } });

    const response = await post('/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const lines = (await response.text()).split('\n\n').filter((line) => line !== '');

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(lines.every((line) => line.startsWith('data: '))).toBe(true);
    expect(lines.at(-1)).toBe('data: [DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice('data: '.length)));
    expect(chunks.map((c) => c.object)).toEqual(Array(5).fill('chat.completion.chunk'));
    expect(chunks.map((c) => c.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hi' },
      { content: ' there' },
      {},
      undefined,
    ]);
    expect(chunks[3].choices[0].finish_reason).toBe('stop');
    expect(chunks.slice(0, 4).map((c) => c.usage)).toEqual([null, null, null, null]);
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('omits usage from chunks when the client did not ask for it', async () => {
    const response = await post('/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
    });
    const chunks = (await response.text())
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice('data: '.length)));

    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('You said: Hello');
  });

  it('is understood by the official SDK, for completions and embeddings', async () => {
    const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: double.baseUrl, maxRetries: 0, logLevel: 'off' });

    const completion = await sdk.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
    });
    const embeddings = await sdk.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b', 'a'] });

    expect(completion.choices[0]?.message.content).toBe('You said: ping');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(embeddings.data.map((d) => d.embedding.length)).toEqual([8, 8, 8]);
    expect(embeddings.data[0]?.embedding).toEqual(embeddings.data[2]?.embedding);
    expect(embeddings.data[0]?.embedding).not.toEqual(embeddings.data[1]?.embedding);
    expect(double.problems).toEqual([]);
  });

  it('answers requests OpenAI would refuse with 400 and records why', async () => {
    const response = await post('/chat/completions', {
      model: '',
      messages: [{ role: 'robot', content: 'hi' }],
      stream_options: { include_usage: true },
      response_format: { type: 'json_object' },
      frobnicate: true,
    });

    expect(response.status).toBe(400);
    expect(double.problems).toEqual([
      expect.stringContaining('Unrecognized request argument supplied: frobnicate'),
      expect.stringContaining('model must be a non-empty string'),
      expect.stringContaining('messages[0].role'),
      expect.stringContaining("'stream_options' parameter is only allowed"),
      expect.stringContaining("must contain the word 'json'"),
    ]);
  });

  it('rejects a wrong API key', async () => {
    await post('/embeddings', { model: 'text-embedding-3-small', input: 'x' }, { authorization: 'Bearer nope' });

    expect(double.problems).toEqual([expect.stringContaining('wrong API key')]);
  });

  it('replies with scripted errors and their Retry-After', async () => {
    double.enqueue({ status: 429, retryAfter: '2' });
    double.enqueueEmbeddings({ status: 503 });

    const chat = await post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] });
    const embeddings = await post('/embeddings', { model: 'm', input: 'x' });

    expect(chat.status).toBe(429);
    expect(chat.headers.get('retry-after')).toBe('2');
    expect(await chat.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
    expect(embeddings.status).toBe(503);
  });

  it('counts concurrent requests and frees hanging ones on close', async () => {
    double.enqueue({ hang: true }, { hang: true });
    const body = { model: 'm', messages: [{ role: 'user', content: 'x' }] };

    const pending = [post('/chat/completions', body), post('/chat/completions', body)].map((p) =>
      p.then(
        () => 'answered',
        () => 'closed',
      ),
    );
    await double.waitFor(() => double.inFlight === 2);
    expect(double.maxInFlight).toBe(2);
    await double.close();

    expect(await Promise.all(pending)).toEqual(['closed', 'closed']);
  });

  it('splits text into tokens that concatenate back to it', () => {
    expect(splitTokens('Hello  big world ')).toEqual(['Hello', '  big', ' world', ' ']);
    expect(splitTokens('Hello  big world ').join('')).toBe('Hello  big world ');
  });
});
