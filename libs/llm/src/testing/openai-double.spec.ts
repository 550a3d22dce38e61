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

  const chat = (body: Record<string, unknown>) =>
    post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...body });

  it.each([
    ['an argument OpenAI does not know', { frobnicate: true }, 'Unrecognized request argument supplied: frobnicate'],
    ['a role no message type has', { messages: [{ role: 'robot', content: 'hi' }] }, 'messages[0].role'],
    ['no messages', { messages: [] }, 'messages: must NOT have fewer than 1 items'],
    ['no model', { model: undefined }, "must have required property 'model'"],
    ['an empty model', { model: '' }, 'you must provide a model parameter'],
    ['a temperature above 2', { temperature: 5 }, 'temperature: must be <= 2'],
    ['a max_tokens of the wrong type', { max_tokens: 'ten' }, 'max_tokens: must be integer'],
    ['stream_options without stream', { stream_options: { include_usage: true } }, "'stream_options' parameter"],
    ['json_object without the word json', { response_format: { type: 'json_object' } }, "must contain the word 'json'"],
  ])('refuses a chat request with %s: 400 with OpenAI error body', async (_label, body, problem) => {
    const response = await chat(body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining(problem), type: 'invalid_request_error', param: null, code: null },
    });
    expect(double.problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
    expect(double.violations).toEqual([]);
  });

  it.each([
    ['an empty input list', { input: [] }, 'input: must NOT have fewer than 1 items'],
    ['an empty string', { input: ['a', ''] }, "'input' cannot contain an empty string"],
    ['zero dimensions', { input: 'a', dimensions: 0 }, 'dimensions: must be >= 1'],
    ['an unknown encoding', { input: 'a', encoding_format: 'hex' }, 'encoding_format'],
    ['an unknown argument', { input: 'a', user_id: 'u1' }, 'Unrecognized request argument supplied: user_id'],
  ])('refuses an embeddings request with %s', async (_label, body, problem) => {
    const response = await post('/embeddings', { model: 'text-embedding-3-small', ...body });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error' });
    expect(double.problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
  });

  it('accepts what OpenAI accepts: tools, nullable options, a JSON response format, float embeddings', async () => {
    const response = await chat({
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      ],
      temperature: 0,
      max_completion_tokens: 50,
      seed: null,
      response_format: { type: 'json_object' },
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    });
    const embeddings = await post('/embeddings', { model: 'm', input: ['a', 'b'], encoding_format: 'float' });

    expect(response.status).toBe(200);
    expect(embeddings.status).toBe(200);
    expect(double.problems).toEqual([]);
  });

  const lookup = { type: 'function', function: { name: 'order_status', parameters: { type: 'object' } } };
  const askedAndCalled = [
    { role: 'user', content: 'Where is my order?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{}' } }],
    },
  ];

  it.each([
    [
      'a tool message without tool_call_id',
      { messages: [...askedAndCalled, { role: 'tool', content: '{}' }], tools: [lookup] },
      "messages[2]: must have required property 'tool_call_id'",
    ],
    [
      'a tool name outside ^[a-zA-Z0-9_-]{1,64}$',
      { tools: [{ type: 'function', function: { name: 'order status?' } }] },
      "Invalid 'tools[0].function.name'",
    ],
    ['a tool name longer than 64', { tools: [{ type: 'function', function: { name: 'x'.repeat(65) } }] }, 'pattern'],
    [
      'a tool_choice naming an absent tool',
      { tools: [lookup], tool_choice: { type: 'function', function: { name: 'refund' } } },
      "function 'refund' is not one of the 'tools'",
    ],
    ['a tool_choice without tools', { tool_choice: 'auto' }, "'tool_choice' is only allowed when 'tools'"],
    ['an unknown tool_choice mode', { tools: [lookup], tool_choice: 'always' }, 'tool_choice'],
    ['a tool of an unknown type', { tools: [{ type: 'plugin', function: { name: 'x' } }] }, 'tools[0]'],
    [
      'parameters that are not an object schema',
      { tools: [{ type: 'function', function: { name: 'x', parameters: { type: 'string' } } }] },
      'schema must be a JSON Schema of \'type: "object"\'',
    ],
    [
      'a tool message answering no call',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'call_7', content: '{}' },
        ],
      },
      "with role 'tool' must be a response to a preceding message with 'tool_calls'",
    ],
    [
      'a call left without its tool message',
      { messages: [...askedAndCalled, { role: 'user', content: 'and?' }], tools: [lookup] },
      'did not have response messages: call_1',
    ],
    [
      'a call without arguments',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'order_status' } }] },
          { role: 'tool', tool_call_id: 'c', content: '{}' },
        ],
        tools: [lookup],
      },
      'messages[1]',
    ],
  ])('refuses a chat request with %s', async (_label, body, problem) => {
    const response = await chat(body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(double.problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
    expect(double.violations).toEqual([]);
  });

  it('answers with scripted tool calls that the SDK reads, and takes their results back', async () => {
    const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: double.baseUrl, maxRetries: 0, logLevel: 'off' });
    double.enqueue({ toolCalls: [{ name: 'order_status', arguments: { order_number: 'A-1' } }] });
    double.enqueue({ text: 'It shipped.' });

    const first = await sdk.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Where is A-1?' }],
      tools: [{ type: 'function', function: { name: 'order_status', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'order_status' } },
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    const second = await sdk.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Where is A-1?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call!.id, content: '{"status":"shipped"}' },
      ],
      tools: [{ type: 'function', function: { name: 'order_status', parameters: { type: 'object' } } }],
    });

    expect(first.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ type: 'function', function: { name: 'order_status' } }] },
    });
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ order_number: 'A-1' });
    expect(second.choices[0]?.message.content).toBe('It shipped.');
    expect(double.problems).toEqual([]);
  });

  it('streams a scripted tool call in chunks of OpenAI shape', async () => {
    double.enqueue({ toolCalls: [{ id: 'call_s', name: 'order_status', arguments: '{}' }] });

    const response = await chat({ stream: true, tools: [lookup] });
    const chunks = (await response.text())
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice('data: '.length)));

    expect(chunks.map((c) => c.choices[0]?.delta.tool_calls).filter(Boolean)).toEqual([
      [{ index: 0, id: 'call_s', type: 'function', function: { name: 'order_status', arguments: '{}' } }],
    ]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
    expect(double.problems).toEqual([]);
  });

  it("checks its own answers against OpenAI's schemas, SSE chunks included", async () => {
    double.enqueue({ text: 'Hi', finishReason: 'exhausted' as 'stop' });

    const response = await chat({ stream: true });
    await response.text();

    expect(double.violations).toEqual([
      expect.stringMatching(/the double's \/chat\/completions chunk answer choices\[0\]\.finish_reason/),
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
