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

  async function call(
    workspaceId: WorkspaceId,
    createdAt: Date,
    promptTokens: number,
    costUsd: string,
    task = 'answer',
  ) {
    await calls.insert({
      workspaceId,
      createdAt,
      task,
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

    const none = { answers: 0, escalations: 0, cacheHits: 0, actionCalls: 0, actionCallsFailed: 0 };
    const noCalls = { llmCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, byTask: {} };
    expect(report).toEqual([
      {
        day: dayOf(noon(3)),
        ...none,
        llmCalls: 1,
        promptTokens: 100,
        completionTokens: 10,
        costUsd: 0.01,
        byTask: { answer: { calls: 1, costUsd: 0.01 } },
      },
      { day: dayOf(noon(2)), ...none, answers: 2, escalations: 1, cacheHits: 1, ...noCalls },
      {
        day: dayOf(noon(1)),
        ...none,
        answers: 1,
        llmCalls: 2,
        promptTokens: 100,
        completionTokens: 20,
        costUsd: 0.004,
        byTask: { answer: { calls: 2, costUsd: 0.004 } },
      },
    ]);
  });

  it("splits each day's LLM calls and cost by task, the split adding up to the day's totals", async () => {
    const [c, other] = await createTestWorkspaces(database.dataSource, 'C', 'D');
    await call(c, noon(2), 10, '0.001000', 'answer');
    await call(c, noon(2), 10, '0.002000', 'answer');
    await call(c, noon(2), 10, '0.000300', 'suggest_reply');
    await call(c, noon(2), 10, '0.000200', 'rewrite');
    await call(c, noon(2), 10, '0.000100', 'summarize');
    await call(c, noon(1), 10, '0.000050', 'classify');
    await call(c, noon(1), 10, '0.000400', 'action');
    await call(c, noon(1), 10, '0.000600', 'rewrite');
    // Another tenant's calls on the same days never count.
    await call(other, noon(2), 10, '5.000000', 'rewrite');

    const report = await usage.daily(c, noon(3), noon(0));

    expect(report.map((day) => [day.day, day.llmCalls, day.costUsd, day.byTask])).toEqual([
      [
        dayOf(noon(2)),
        5,
        0.0036,
        {
          answer: { calls: 2, costUsd: 0.003 },
          suggest_reply: { calls: 1, costUsd: 0.0003 },
          rewrite: { calls: 1, costUsd: 0.0002 },
          summarize: { calls: 1, costUsd: 0.0001 },
        },
      ],
      [
        dayOf(noon(1)),
        3,
        0.00105,
        {
          classify: { calls: 1, costUsd: 0.00005 },
          action: { calls: 1, costUsd: 0.0004 },
          rewrite: { calls: 1, costUsd: 0.0006 },
        },
      ],
    ]);
  });
});
