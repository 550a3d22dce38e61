import { LlmAbortedError, LlmProviderError } from '../llm.errors';
import type { LlmRequest, LlmStreamEvent } from '../llm.port';
import { OpenAiDouble } from '../testing/openai-double';
import { OpenAiCompatibleAdapter, type OpenAiCompatibleProviderOptions } from './openai-compatible.adapter';

const question: LlmRequest = {
  task: 'answer',
  messages: [
    { role: 'system', content: 'Answer from the documents only.' },
    { role: 'user', content: 'How do I reset my password?' },
  ],
};

async function collect(events: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const seen: LlmStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('OpenAiCompatibleAdapter', () => {
  let double: OpenAiDouble;

  const adapter = (options: Partial<OpenAiCompatibleProviderOptions> = {}): OpenAiCompatibleAdapter =>
    new OpenAiCompatibleAdapter({
      name: 'primary',
      baseUrl: double.baseUrl,
      apiKey: 'sk-test',
      models: { main: 'gpt-4o-mini', small: 'gpt-4.1-nano' },
      ...options,
    });

  beforeEach(async () => {
    double = await OpenAiDouble.start({ apiKey: 'sk-test' });
  });

  afterEach(async () => {
    // Every request the adapter sent must be one OpenAI itself would accept.
    expect(double.problems).toEqual([]);
    await double.close();
  });

  it('completes with the server usage and the cost from the price table', async () => {
    double.enqueue({ text: 'Use the reset link.', usage: { promptTokens: 1_000, completionTokens: 500 } });

    const completion = await adapter().complete({ ...question, maxTokens: 300, temperature: 0.2 });

    expect(completion).toMatchObject({
      text: 'Use the reset link.',
      model: 'gpt-4o-mini',
      provider: 'primary',
      promptTokens: 1_000,
      completionTokens: 500,
      finishReason: 'stop',
    });
    // gpt-4o-mini: $0.15 per 1M input, $0.60 per 1M output.
    expect(completion.costUsd).toBeCloseTo(0.00045, 10);
    expect(completion.estimatedUsage).toBeUndefined();
    expect(completion.costUnknown).toBeUndefined();
    expect(completion.latencyMs).toBeGreaterThanOrEqual(0);

    const [sent] = double.chatRequests;
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: question.messages,
      max_tokens: 300,
      temperature: 0.2,
      stream: false,
    });
  });

  it('streams token by token, in order, then one done event with the usage chunk', async () => {
    const tokens = ['To', ' reset', ' it,', ' open', ' Settings.'];
    double.enqueue({ tokens, tokenIntervalMs: 40, usage: { promptTokens: 42, completionTokens: 5 } });

    const events: LlmStreamEvent[] = [];
    let inFlightAtFirstToken: number | undefined;
    for await (const event of adapter().stream(question)) {
      inFlightAtFirstToken ??= double.inFlight;
      events.push(event);
    }

    // The first token reached us while the server was still producing the rest: real streaming, not buffering.
    expect(inFlightAtFirstToken).toBe(1);
    expect(events.slice(0, -1)).toEqual(tokens.map((text) => ({ type: 'token', text })));
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.completion).toMatchObject({
      text: tokens.join(''),
      promptTokens: 42,
      completionTokens: 5,
      finishReason: 'stop',
    });
    expect(done.completion.estimatedUsage).toBeUndefined();
    expect(done.completion.firstTokenMs).toBeLessThanOrEqual(done.completion.latencyMs);
    expect(double.chatRequests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('estimates usage at ~4 characters a token when the server sends none, and says so', async () => {
    double.enqueue({ text: 'x'.repeat(40), usage: 'omit' }, { text: 'y'.repeat(40), usage: 'omit' });

    const completion = await adapter().complete(question);
    const streamed = (await collect(adapter().stream(question))).at(-1);

    expect(completion).toMatchObject({ completionTokens: 10, estimatedUsage: true });
    expect(completion.promptTokens).toBeGreaterThan(0);
    expect(streamed).toMatchObject({ type: 'done', completion: { completionTokens: 10, estimatedUsage: true } });
  });

  it('costs an unknown model 0 and flags it', async () => {
    double.enqueue({ text: 'ok', usage: { promptTokens: 10, completionTokens: 1 } });

    const completion = await adapter({ models: { main: 'llama3.1:8b', small: 'llama3.1:8b' } }).complete(question);

    expect(completion).toMatchObject({ model: 'llama3.1:8b', costUsd: 0, costUnknown: true });
  });

  it('uses configured prices over the built-in table', async () => {
    double.enqueue({ text: 'ok', usage: { promptTokens: 2_000_000, completionTokens: 1_000_000 } });

    const completion = await adapter({
      models: { main: 'llama3.1:8b', small: 'llama3.1:8b' },
      pricing: { 'llama3.1:8b': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.2 } },
    }).complete(question);

    expect(completion.costUsd).toBeCloseTo(0.4, 10);
    expect(completion.costUnknown).toBeUndefined();
  });

  it('routes rewrite, classify, summarize and grounding to the small model, answer and action to the main one', async () => {
    const llm = adapter();
    for (const task of ['answer', 'action', 'rewrite', 'classify', 'summarize', 'grounding'] as const) {
      await llm.complete({ ...question, task });
    }

    expect(double.chatRequests.map((r) => r.body.model)).toEqual([
      'gpt-4o-mini',
      'gpt-4o-mini',
      'gpt-4.1-nano',
      'gpt-4.1-nano',
      'gpt-4.1-nano',
      'gpt-4.1-nano',
    ]);
  });

  it('follows a configured routing map', async () => {
    const llm = adapter({ routing: { grounding: 'main' } });

    expect(llm.modelFor('grounding')).toBe('gpt-4o-mini');
    expect(llm.modelFor('rewrite')).toBe('gpt-4.1-nano');
  });

  const lookupTool = {
    name: 'order_status',
    description: 'Where an order is.',
    parameters: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] },
  };

  it('offers tools and returns the calls the model made, with usage and cost', async () => {
    double.enqueue({
      toolCalls: [{ id: 'call_1', name: 'order_status', arguments: { order_number: 'A-1001' } }],
      usage: { promptTokens: 200, completionTokens: 20 },
    });

    const completion = await adapter().complete({ ...question, task: 'action', tools: [lookupTool] });

    expect(completion).toMatchObject({
      text: '',
      finishReason: 'tool_calls',
      promptTokens: 200,
      completionTokens: 20,
      toolCalls: [{ id: 'call_1', name: 'order_status', arguments: '{"order_number":"A-1001"}' }],
    });
    expect(completion.costUsd).toBeGreaterThan(0);
    expect(double.chatRequests[0]?.body).toMatchObject({
      tools: [{ type: 'function', function: lookupTool }],
      tool_choice: 'auto',
    });
  });

  it('sends the calls and their results back in the dialect OpenAI accepts, and a named tool choice', async () => {
    double.enqueue({ text: 'Your order is on its way.' });

    const completion = await adapter().complete({
      task: 'action',
      messages: [
        ...question.messages,
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'order_status', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_1', content: '{"status":"shipped"}' },
      ],
      tools: [lookupTool],
      toolChoice: { name: 'order_status' },
    });

    expect(completion.toolCalls).toBeUndefined();
    expect(completion.text).toBe('Your order is on its way.');
    expect(double.chatRequests[0]?.body).toMatchObject({
      messages: [
        {},
        {},
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'order_status', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
      ],
      tool_choice: { type: 'function', function: { name: 'order_status' } },
    });
  });

  it('refuses to stream a request with tools: tool calls are for complete()', async () => {
    await expect(collect(adapter().stream({ ...question, tools: [lookupTool] }))).rejects.toThrow(/complete\(\)/);
    expect(double.requests).toHaveLength(0);
  });

  it('asks for a JSON object and can send max_completion_tokens for models that need it', async () => {
    const llm = adapter({ maxTokensParameter: 'max_completion_tokens' });

    await llm.complete({
      task: 'classify',
      messages: [{ role: 'user', content: 'Reply in json: is "refund please" a billing question?' }],
      responseFormat: 'json',
      maxTokens: 20,
    });

    expect(double.chatRequests[0]?.body).toMatchObject({
      response_format: { type: 'json_object' },
      max_completion_tokens: 20,
    });
    expect(double.chatRequests[0]?.body.max_tokens).toBeUndefined();
  });

  it('reports an HTTP failure with its status and Retry-After', async () => {
    double.enqueue({ status: 429, retryAfter: '3' });

    const error = await adapter()
      .complete(question)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 3_000, provider: 'primary' });
  });

  it('times out a request that gets no answer', async () => {
    double.enqueue({ hang: true });
    const started = performance.now();

    const error = await adapter({ timeoutMs: 150 })
      .complete(question)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'LlmProviderError', kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await double.waitFor(() => double.inFlight === 0);
  });

  it('times out a stream whose server stops sending mid-answer', async () => {
    double.enqueue({ tokens: ['One', ' two', ' three'], stallAfterTokens: 2 });

    const tokens: string[] = [];
    const error = await (async () => {
      for await (const event of adapter({ timeoutMs: 150 }).stream(question)) {
        if (event.type === 'token') tokens.push(event.text);
      }
    })().catch((e: unknown) => e);

    expect(tokens).toEqual(['One', ' two']);
    expect(error).toMatchObject({ name: 'LlmProviderError', kind: 'timeout' });
  });

  it('cancels the HTTP request when the consumer stops reading', async () => {
    double.enqueue({ tokens: ['a', 'b', 'c', 'd'], tokenIntervalMs: 1_000 });

    for await (const event of adapter().stream(question)) {
      if (event.type === 'token') break;
    }

    await double.waitFor(() => double.inFlight === 0);
  });

  it('turns an aborted signal into LlmAbortedError', async () => {
    double.enqueue({ hang: true });
    const controller = new AbortController();

    const pending = adapter().complete({ ...question, signal: controller.signal });
    await double.waitFor(() => double.chatRequests.length === 1);
    controller.abort();

    await expect(pending).rejects.toBeInstanceOf(LlmAbortedError);
  });
});
