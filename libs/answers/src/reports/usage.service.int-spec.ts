import { WorkspaceId } from '@switchboard/database';
import { LlmCallsRepository, LlmUsageService } from '@switchboard/llm';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../../test/support/test-data-source';
import { answerTrace } from '../testing';
import { AnswerTracesRepository } from '../traces/answer-traces.repository';
import { AnswerTracesService } from '../traces/answer-traces.service';
import { UsageService } from './usage.service';

/** Noon UTC `daysAgo` days back: the same calendar day in any server time zone within ±11 h. */
function noon(daysAgo: number): Date {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  return new Date(day.getTime() - daysAgo * 24 * 3600 * 1000);
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

describe('UsageService against real Postgres', () => {
  let database: TestDataSource;
  let traces: AnswerTracesRepository;
  let calls: LlmCallsRepository;
  let usage: UsageService;
  let a: WorkspaceId;
  let b: WorkspaceId;

  beforeAll(async () => {
    database = await openTestDataSource('usage');
    const { dataSource } = database;
    traces = new AnswerTracesRepository(dataSource);
    calls = new LlmCallsRepository(dataSource);
    usage = new UsageService(new AnswerTracesService(traces), new LlmUsageService(calls));
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
  });

  afterAll(() => database?.destroy());

  async function trace(workspaceId: WorkspaceId, createdAt: Date, decision: 'answer' | 'escalate', cacheHit = false) {
    const { workspaceId: _scope, ...values } = answerTrace(workspaceId, { decision, cacheHit });
    await traces.create(workspaceId, { ...values, createdAt });
  }

  async function call(workspaceId: WorkspaceId, createdAt: Date, promptTokens: number, costUsd: string) {
    await calls.insert({
      workspaceId,
      createdAt,
      task: 'answer',
      provider: 'primary',
      model: 'gpt-test',
      prompt: '[]',
      promptTokens,
      completionTokens: 10,
      costUsd,
      status: 'ok',
    });
  }

  it("adds up each day's answers and LLM calls, including days that have only one of them", async () => {
    await call(a, noon(3), 100, '0.010000');
    await trace(a, noon(2), 'answer', true);
    await trace(a, noon(2), 'escalate');
    await trace(a, noon(1), 'answer');
    await call(a, noon(1), 40, '0.002500');
    await call(a, noon(1), 60, '0.001500');
    // Another tenant's usage and the days outside the range never count.
    await trace(b, noon(1), 'answer');
    await call(b, noon(1), 1000, '1.000000');
    await trace(a, noon(6), 'answer');
    await call(a, noon(0), 5, '0.000100');

    const report = await usage.daily(a, noon(4), noon(0));

    const none = { answers: 0, escalations: 0, cacheHits: 0 };
    const noCalls = { llmCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    expect(report).toEqual([
      { day: dayOf(noon(3)), ...none, llmCalls: 1, promptTokens: 100, completionTokens: 10, costUsd: 0.01 },
      { day: dayOf(noon(2)), answers: 2, escalations: 1, cacheHits: 1, ...noCalls },
      {
        day: dayOf(noon(1)),
        answers: 1,
        escalations: 0,
        cacheHits: 0,
        llmCalls: 2,
        promptTokens: 100,
        completionTokens: 20,
        costUsd: 0.004,
      },
    ]);
  });
});
