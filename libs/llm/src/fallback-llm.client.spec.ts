import { FallbackLlmClient, type FallbackLlmClientOptions } from './fallback-llm.client';
import { InMemoryLlmCallLog } from './in-memory-llm-call-log';
import { LlmAbortedError, LlmStreamInterruptedError, LlmUnavailableError } from './llm.errors';
import type { LlmRequest, LlmStreamEvent } from './llm.port';
import { OpenAiCompatibleAdapter } from './openai/openai-compatible.adapter';
import { OpenAiDouble } from './testing/openai-double';

const question: LlmRequest = {
  task: 'answer',
  messages: [
    { role: 'system', content: 'Answer from the documents only.' },
    { role: 'user', content: 'Can I change my plan mid-month?' },
  ],
};

interface Setup {
  timeoutMs?: number;
  secondary?: boolean;
  client?: Partial<FallbackLlmClientOptions>;
}

describe('FallbackLlmClient', () => {
  let primary: OpenAiDouble;
  let secondary: OpenAiDouble;

  beforeEach(async () => {
    [primary, secondary] = await Promise.all([OpenAiDouble.start(), OpenAiDouble.start()]);
    secondary.enqueue(); // the secondary answers with its default echo unless a test scripts it
  });

  afterEach(async () => {
    expect([...primary.problems, ...secondary.problems]).toEqual([]);
    await Promise.all([primary.close(), secondary.close()]);
  });

  function client({ timeoutMs = 2_000, secondary: withSecondary = true, client: options = {} }: Setup = {}) {
    const providers = [
      new OpenAiCompatibleAdapter({
        name: 'primary',
        baseUrl: primary.baseUrl,
        apiKey: 'sk-primary',
        models: { main: 'gpt-4o-mini', small: 'gpt-4.1-nano' },
        timeoutMs,
      }),
    ];
    if (withSecondary) {
      providers.push(
        new OpenAiCompatibleAdapter({
          name: 'secondary',
          baseUrl: secondary.baseUrl,
          apiKey: 'sk-secondary',
          models: { main: 'gpt-4.1-mini', small: 'gpt-4.1-nano' },
          timeoutMs,
        }),
      );
    }
    // Short, jitter-free backoff keeps the suite fast; the Retry-After test sets its own.
    return new FallbackLlmClient({ providers, baseDelayMs: 10, maxDelayMs: 40, random: () => 1, ...options });
  }

  async function drain(events: AsyncIterable<LlmStreamEvent>, tokens: string[] = []): Promise<LlmStreamEvent[]> {
    const seen: LlmStreamEvent[] = [];
    for await (const event of events) {
      seen.push(event);
      if (event.type === 'token') tokens.push(event.text);
    }
    return seen;
  }

  it('waits as long as a 429 Retry-After asks, then succeeds on the same provider', async () => {
    primary.enqueue({ status: 429, retryAfter: '1' }, { text: 'Yes, from the billing page.' });

    const completion = await client().complete(question);

    expect(completion).toMatchObject({ text: 'Yes, from the billing page.', provider: 'primary' });
    const [first, second] = primary.chatRequests;
    const waited = (second?.receivedAt ?? 0) - (first?.receivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(1_000 - 5);
    expect(waited).toBeLessThan(1_000 + 500);
    expect(secondary.chatRequests).toHaveLength(0);
  });

  it('reads a Retry-After given as an HTTP-date', async () => {
    // HTTP-dates have 1 s resolution, so the wait lands anywhere up to 2 s away; only its lower bound is checked.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
    primary.enqueue({ status: 503, retryAfter: at }, { text: 'ok' });

    await client().complete(question);

    expect(primary.chatRequests[1]?.receivedAt).toBeGreaterThanOrEqual(Date.parse(at) - 5);
  });

  it('retries a 500 twice, then succeeds on the primary', async () => {
    primary.enqueue({ status: 500 }, { status: 500 }, { text: 'Third time lucky.' });

    const completion = await client().complete(question);

    expect(completion).toMatchObject({ text: 'Third time lucky.', provider: 'primary', model: 'gpt-4o-mini' });
    expect(primary.chatRequests).toHaveLength(3);
    expect(secondary.chatRequests).toHaveLength(0);
  });

  it('moves to the secondary provider when the primary keeps failing with 500', async () => {
    primary.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    secondary.enqueue({ text: 'From the secondary.' });

    const completion = await client().complete(question);

    expect(completion).toMatchObject({ text: 'From the secondary.', provider: 'secondary', model: 'gpt-4.1-mini' });
    expect(primary.chatRequests).toHaveLength(3);
    expect(secondary.chatRequests).toHaveLength(1);
    expect(secondary.chatRequests[0]?.headers.authorization).toBe('Bearer sk-secondary');
  });

  it('times out a hanging primary, retries it, then falls back to the secondary', async () => {
    primary.enqueue({ hang: true }, { hang: true });
    secondary.enqueue({ text: 'Secondary to the rescue.' });
    const started = performance.now();

    const completion = await client({ timeoutMs: 150, client: { retriesPerProvider: 1 } }).complete(question);

    expect(completion).toMatchObject({ text: 'Secondary to the rescue.', provider: 'secondary' });
    expect(primary.chatRequests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2_000);
    // The timed-out requests were cancelled, not left open.
    await primary.waitFor(() => primary.inFlight === 0);
  });

  it('gives up with LlmUnavailableError once the call deadline passes', async () => {
    primary.enqueue({ hang: true });
    const started = performance.now();

    const error = await client({ timeoutMs: 10_000, client: { deadlineMs: 300 } })
      .complete(question)
      .catch((e: unknown) => e);

    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({ reason: 'deadline' });
    expect((error as LlmUnavailableError).attempts).toEqual([
      expect.objectContaining({ provider: 'primary', model: 'gpt-4o-mini', outcome: 'error', attempt: 1 }),
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(300 + 150);
    expect(secondary.chatRequests).toHaveLength(0);
  });

  it('does not sleep past the deadline: a long Retry-After with nowhere else to go fails at once', async () => {
    primary.enqueue({ status: 429, retryAfter: '5' });
    const started = performance.now();

    const error = await client({ secondary: false, client: { deadlineMs: 2_000 } })
      .complete(question)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'LlmUnavailableError', reason: 'deadline' });
    expect((error as LlmUnavailableError).attempts[0]).toMatchObject({ status: 429 });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('does not retry a 400, and tries the secondary instead', async () => {
    primary.enqueue({ status: 400, errorMessage: 'This model does not support that.' });

    const completion = await client().complete(question);

    expect(primary.chatRequests).toHaveLength(1);
    expect(completion.provider).toBe('secondary');
  });

  it('fails with every attempt listed when the only provider answers 400', async () => {
    primary.enqueue({ status: 400 });

    const error = await client({ secondary: false })
      .complete(question)
      .catch((e: unknown) => e);

    expect(primary.chatRequests).toHaveLength(1);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({
      reason: 'exhausted',
      attempts: [expect.objectContaining({ provider: 'primary', status: 400, outcome: 'error' })],
    });
  });

  it('retries a stream that broke before its first token, invisibly', async () => {
    primary.enqueue({ text: 'Lost answer.', breakAfterTokens: 0 }, { tokens: ['Plans', ' change', ' monthly.'] });

    const tokens: string[] = [];
    const events = await drain(client().stream(question), tokens);

    expect(tokens).toEqual(['Plans', ' change', ' monthly.']);
    expect(events.at(-1)).toMatchObject({ type: 'done', completion: { text: 'Plans change monthly.' } });
    expect(primary.chatRequests).toHaveLength(2);
  });

  it('falls back to the secondary when the primary cannot start a stream', async () => {
    primary.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    secondary.enqueue({ tokens: ['Secondary', ' stream.'] });

    const tokens: string[] = [];
    const events = await drain(client().stream(question), tokens);

    expect(tokens).toEqual(['Secondary', ' stream.']);
    expect(events.at(-1)).toMatchObject({ type: 'done', completion: { provider: 'secondary' } });
  });

  it('throws LlmStreamInterruptedError with the text already shown when a stream breaks after 3 tokens', async () => {
    primary.enqueue({ tokens: ['You', ' can', ' upgrade', ' any', ' time.'], breakAfterTokens: 3 });

    const tokens: string[] = [];
    const error = await drain(client().stream(question), tokens).catch((e: unknown) => e);

    expect(tokens).toEqual(['You', ' can', ' upgrade']);
    expect(error).toBeInstanceOf(LlmStreamInterruptedError);
    expect(error).toMatchObject({ partialText: 'You can upgrade', provider: 'primary', model: 'gpt-4o-mini' });
    expect((error as LlmStreamInterruptedError).attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'error', error: expect.stringContaining('terminated') }),
    ]);
    // No silent restart: the customer already saw those words.
    expect(primary.chatRequests).toHaveLength(1);
    expect(secondary.chatRequests).toHaveLength(0);
  });

  it('lets the deadline stop a stream that never produces a first token', async () => {
    primary.enqueue({ text: 'Too late.', firstTokenDelayMs: 5_000 });
    const started = performance.now();

    const error = await drain(client({ timeoutMs: 10_000, client: { deadlineMs: 300 } }).stream(question)).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ name: 'LlmUnavailableError', reason: 'deadline' });
    expect(performance.now() - started).toBeLessThan(300 + 150);
  });

  it('stops a stream promptly when the caller aborts', async () => {
    primary.enqueue({ tokens: ['Once', ' upon', ' a', ' time'], tokenIntervalMs: 5_000 });
    const controller = new AbortController();
    const tokens: string[] = [];
    let abortedAt = 0;

    const error = await (async () => {
      for await (const event of client().stream({ ...question, signal: controller.signal })) {
        if (event.type !== 'token') continue;
        tokens.push(event.text);
        abortedAt = performance.now();
        controller.abort();
      }
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(tokens).toEqual(['Once']);
    await primary.waitFor(() => primary.inFlight === 0);
    expect(secondary.chatRequests).toHaveLength(0);
  });

  it('stops waiting between retries when the caller aborts', async () => {
    primary.enqueue({ status: 500 });
    const controller = new AbortController();

    const pending = client({ client: { baseDelayMs: 20_000, maxDelayMs: 20_000 } }).complete({
      ...question,
      signal: controller.signal,
    });
    await primary.waitFor(() => primary.chatRequests.length === 1);
    const abortedAt = performance.now();
    controller.abort();

    await expect(pending).rejects.toBeInstanceOf(LlmAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(primary.chatRequests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    await expect(client().complete({ ...question, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      LlmAbortedError,
    );
    expect(primary.requests).toHaveLength(0);
  });

  it('records every attempt, failed or not, with tokens, cost and latency', async () => {
    const callLog = new InMemoryLlmCallLog();
    primary.enqueue({ status: 500 }, { text: 'Logged.', usage: { promptTokens: 120, completionTokens: 3 } });

    const completion = await client({ client: { callLog } }).complete({ ...question, workspaceId: 'ws-1' });

    expect(callLog.entries).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-1',
        task: 'answer',
        provider: 'primary',
        model: 'gpt-4o-mini',
        status: 'error',
        error: expect.stringContaining('500'),
        attempt: 1,
        completion: '',
        promptTokens: 0,
        costUsd: 0,
      }),
      expect.objectContaining({
        workspaceId: 'ws-1',
        provider: 'primary',
        status: 'ok',
        attempt: 2,
        completion: 'Logged.',
        promptTokens: 120,
        completionTokens: 3,
        costUsd: completion.costUsd,
      }),
    ]);
    expect(completion.costUsd).toBeGreaterThan(0);
    expect(JSON.parse(callLog.entries[0]?.prompt ?? '')).toEqual(question.messages);
    for (const entry of callLog.entries) expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
    // The completion's latency covers the whole call, the failed attempt and the backoff included.
    expect(completion.latencyMs).toBeGreaterThanOrEqual(callLog.entries[1]?.latencyMs ?? 0);
  });

  it('records a tool-calling call with its tools in the prompt and its calls in the completion', async () => {
    const callLog = new InMemoryLlmCallLog();
    const tools = [{ name: 'plan_change', description: 'Changes the plan.', parameters: { type: 'object' } }];
    primary.enqueue({
      toolCalls: [{ id: 'call_9', name: 'plan_change', arguments: '{"plan":"pro"}' }],
      usage: { promptTokens: 80, completionTokens: 9 },
    });

    const completion = await client({ client: { callLog } }).complete({ ...question, task: 'action', tools });

    expect(completion.toolCalls).toEqual([{ id: 'call_9', name: 'plan_change', arguments: '{"plan":"pro"}' }]);
    expect(callLog.entries).toEqual([
      expect.objectContaining({ task: 'action', status: 'ok', promptTokens: 80, costUsd: completion.costUsd }),
    ]);
    expect(JSON.parse(callLog.entries[0]?.prompt ?? '')).toEqual({
      messages: question.messages,
      tools,
      toolChoice: 'auto',
    });
    expect(JSON.parse(callLog.entries[0]?.completion ?? '')).toEqual({ text: '', toolCalls: completion.toolCalls });
  });

  it('records a stream broken mid-answer with its partial text and estimated tokens', async () => {
    const callLog = new InMemoryLlmCallLog();
    primary.enqueue({ tokens: ['Half', ' an', ' answer'], breakAfterTokens: 2 });

    await drain(client({ client: { callLog } }).stream({ ...question, workspaceId: 'ws-2' })).catch(() => undefined);

    expect(callLog.entries).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-2',
        status: 'error',
        completion: 'Half an',
        completionTokens: 2,
        attempt: 1,
      }),
    ]);
    expect(callLog.entries[0]?.costUsd).toBeGreaterThan(0);
  });

  it('records a streamed answer once, with the server usage', async () => {
    const callLog = new InMemoryLlmCallLog();
    primary.enqueue({ tokens: ['All', ' good.'], usage: { promptTokens: 50, completionTokens: 2 } });

    await drain(client({ client: { callLog } }).stream({ ...question, workspaceId: 'ws-3' }));

    expect(callLog.entries).toEqual([
      expect.objectContaining({ status: 'ok', completion: 'All good.', promptTokens: 50, completionTokens: 2 }),
    ]);
  });

  it('records a stream the caller stopped reading, and cancels its request', async () => {
    const callLog = new InMemoryLlmCallLog();
    primary.enqueue({ tokens: ['First', ' second', ' third'], tokenIntervalMs: 5_000 });

    for await (const event of client({ client: { callLog } }).stream(question)) {
      if (event.type === 'token') break;
    }

    await primary.waitFor(() => primary.inFlight === 0);
    expect(callLog.entries).toEqual([
      expect.objectContaining({ status: 'error', error: 'abandoned by the caller', completion: 'First' }),
    ]);
  });

  it('records an aborted stream as aborted, with the text it had produced', async () => {
    const callLog = new InMemoryLlmCallLog();
    const controller = new AbortController();
    primary.enqueue({ tokens: ['Only', ' this'], tokenIntervalMs: 5_000 });

    await (async () => {
      for await (const event of client({ client: { callLog } }).stream({ ...question, signal: controller.signal })) {
        if (event.type === 'token') controller.abort();
      }
    })().catch(() => undefined);

    expect(callLog.entries).toEqual([
      expect.objectContaining({ status: 'error', error: 'aborted', completion: 'Only' }),
    ]);
  });

  it('never fails a call because the call log failed', async () => {
    const errors: unknown[] = [];
    const callLog = { record: () => Promise.reject(new Error('database down')) };

    const completion = await client({ client: { callLog, onCallLogError: (e) => errors.push(e) } }).complete(question);

    expect(completion.provider).toBe('primary');
    expect(errors).toEqual([expect.objectContaining({ message: 'database down' })]);
  });
  it("asks for a workspace's tuned model first, on the primary provider", async () => {
    primary.enqueue({ text: 'In the style we trained.' });

    const completion = await client().complete({ ...question, tunedModel: 'ft:gpt-4o-mini:acme::abc123' });

    expect(completion).toMatchObject({ text: 'In the style we trained.', model: 'ft:gpt-4o-mini:acme::abc123' });
    expect(primary.chatRequests.map((r) => r.body.model)).toEqual(['ft:gpt-4o-mini:acme::abc123']);
  });

  it('falls back to the configured model when the tuned model fails, streaming included', async () => {
    primary.enqueue({ status: 404, errorMessage: 'The model does not exist' }, { text: 'From the base model.' });
    const tokens: string[] = [];

    const events = await drain(client().stream({ ...question, tunedModel: 'ft:gpt-4o-mini:acme::gone' }), tokens);

    expect(tokens.join('')).toBe('From the base model.');
    expect(events[events.length - 1]).toMatchObject({ type: 'done', completion: { model: 'gpt-4o-mini' } });
    expect(primary.chatRequests.map((r) => r.body.model)).toEqual(['ft:gpt-4o-mini:acme::gone', 'gpt-4o-mini']);
    expect(secondary.chatRequests).toHaveLength(0);
  });
});
