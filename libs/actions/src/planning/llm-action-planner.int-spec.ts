import { Injectable, Module } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { LlmCall, WorkspaceId } from '@switchboard/database';
import { OpenAiDouble } from '@switchboard/llm/testing';
import { DataSource } from 'typeorm';
import { createTestWorkspaces } from '../../../../test/support/test-data-source';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { initTestModule } from '../../../../test/support/test-module';
import { ActionsModule } from '../actions.module';
import { CallRateLimiter } from '../calling/call-rate-limit';
import { LlmActionPlanner } from './llm-action-planner';
import { BOOK_SERVICE, ORDER_STATUS, RecordingToolbox, calledWith, planRequest } from './testing/planner-doubles';

@Injectable()
class AllowingRateLimiter implements CallRateLimiter {
  async hit(): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    return { allowed: true, retryAfterSeconds: 0 };
  }
}

@Module({ providers: [AllowingRateLimiter], exports: [AllowingRateLimiter] })
class AllowingRateLimiterModule {}

/** The planner as the app wires it (ActionsModule, LlmModule's fallback chain) against the OpenAI double over HTTP. */
describe('LlmActionPlanner against an OpenAI-compatible server (the double)', () => {
  let llm: OpenAiDouble;
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let planner: LlmActionPlanner;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;
  let toolbox: RecordingToolbox;

  beforeAll(async () => {
    llm = await OpenAiDouble.start({ apiKey: 'sk-test' });
    environment = await createTestEnvironment('llm_action_planner', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      LLM_RETRIES_PER_PROVIDER: '0',
    });
    moduleRef = await initTestModule(environment, {
      imports: [ActionsModule.register({ imports: [AllowingRateLimiterModule], rateLimiter: AllowingRateLimiter })],
    });
    planner = moduleRef.get(LlmActionPlanner);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    [workspaceId] = await createTestWorkspaces(dataSource, 'Planner');
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
    await llm?.close();
  });

  beforeEach(() => {
    toolbox = new RecordingToolbox();
    llm.requests.length = 0;
  });

  afterEach(() => {
    // Every request the planner made is one OpenAI itself accepts, and every answer of the double is OpenAI's shape.
    expect(llm.problems).toEqual([]);
  });

  const request = (fields: Parameters<typeof planRequest>[0] = {}) => planRequest({ workspaceId, ...fields });

  it('offers the tools, calls the one the model picks and returns its reply, each request valid for OpenAI', async () => {
    llm.enqueue(
      { toolCalls: [{ name: 'order_status', arguments: { order_number: 'A-1234', customer_email: 'x@example.com' } }] },
      { text: 'Your order has shipped.' },
    );
    toolbox.answer(calledWith({ kind: 'ok', status: 200, body: { status: 'shipped' } }));

    const result = await planner.plan(request(), toolbox);

    expect(planner.available).toBe(true);
    expect(result).toMatchObject({ kind: 'called', action: 'order_status', reply: 'Your order has shipped.' });
    expect(toolbox.calls).toEqual([{ action: 'order_status', args: { order_number: 'A-1234' } }]);
    const [first, second] = llm.chatRequests.map((recorded) => recorded.body);
    expect(first).toMatchObject({ model: 'gpt-4o', tool_choice: 'auto', stream: false, temperature: 0 });
    expect(first?.tools).toEqual([
      {
        type: 'function',
        function: expect.objectContaining({
          name: 'order_status',
          parameters: expect.objectContaining({ required: ['order_number'] }),
        }),
      },
      { type: 'function', function: expect.objectContaining({ name: 'book_service' }) },
    ]);
    expect(JSON.stringify(first?.tools)).not.toMatch(/customer_email|account_id|x-aliases|API_TOKEN|shop-header/);
    expect(second?.messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_double1', type: 'function', function: expect.objectContaining({ name: 'order_status' }) },
        ],
      },
      { role: 'tool', tool_call_id: 'call_double1', content: expect.stringContaining('"status":"shipped"') },
    ]);
  });

  it('logs every model call of the turn to llm_calls with the action task, tokens and cost', async () => {
    llm.enqueue(
      {
        toolCalls: [{ name: 'order_status', arguments: { order_number: 'A-7777' } }],
        usage: { promptTokens: 300, completionTokens: 20 },
      },
      { text: 'On its way.', usage: { promptTokens: 350, completionTokens: 5 } },
    );

    await planner.plan(request({ question: 'Where is A-7777?' }), toolbox);

    const rows = await dataSource
      .getRepository(LlmCall)
      .find({ where: { workspaceId, task: 'action' }, order: { createdAt: 'ASC' } });
    const logged = rows.filter((row) => row.prompt.includes('A-7777'));
    expect(logged.map((row) => [row.model, row.status, row.promptTokens, row.completionTokens])).toEqual([
      ['gpt-4o', 'ok', 300, 20],
      ['gpt-4o', 'ok', 350, 5],
    ]);
    expect(logged.every((row) => Number(row.costUsd) > 0)).toBe(true);
    expect(JSON.parse(logged[0]?.completion ?? '')).toMatchObject({ toolCalls: [{ name: 'order_status' }] });
  });

  it('sends the repair turn as a tool result OpenAI accepts, then asks the customer', async () => {
    llm.enqueue(
      { toolCalls: [{ name: 'book_service', arguments: { area: 'Mars', date: '2026-12-08' } }] },
      { toolCalls: [{ name: 'book_service', arguments: { area: 'Venus', date: '2026-12-08' } }] },
    );

    const result = await planner.plan(request({ actions: [BOOK_SERVICE], question: 'Book a visit on Mars' }), toolbox);

    expect(result).toMatchObject({
      kind: 'follow_up',
      pending: { action: 'book_service', arguments: { date: '2026-12-08' }, missing: ['area'] },
    });
    expect(toolbox.calls).toEqual([]);
    const repair = llm.chatRequests[1]?.body.messages.at(-1);
    expect(repair).toMatchObject({
      role: 'tool',
      content: expect.stringContaining('must be one of north_shore, harbour'),
    });
  });

  it('spends at most 3 calls, then asks with tool_choice none', async () => {
    const call = { toolCalls: [{ name: 'order_status', arguments: { order_number: 'A-0001' } }] };
    llm.enqueue(call, call, call, { text: 'Done.' });

    const result = await planner.plan(request({ actions: [ORDER_STATUS] }), toolbox);

    expect(result).toMatchObject({ kind: 'called', reply: 'Done.' });
    expect(toolbox.calls).toHaveLength(3);
    expect(llm.chatRequests.map((recorded) => recorded.body.tool_choice)).toEqual(['auto', 'auto', 'auto', 'none']);
  });

  it('aborts the HTTP request at the deadline and plans no action', async () => {
    llm.enqueue({ hang: true });
    const deadline = Date.now() + 300;

    const result = await planner.plan(request({ deadline }), toolbox);

    expect(result).toMatchObject({ kind: 'no_action', why: 'deadline reached' });
    expect(Date.now() - deadline).toBeLessThan(1_000);
    await llm.waitFor(() => llm.inFlight === 0);
  });
});
