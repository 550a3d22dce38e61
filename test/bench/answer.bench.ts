import { AnswerService } from '@switchboard/answers';
import { WorkspaceId } from '@switchboard/database';
import { readFileSync } from 'node:fs';
import { OpenAiDouble } from '@switchboard/llm/testing';
import { BenchStack, call, startBenchStack } from './bench-stack';
import { BENCH_LLM_PACE, benchLlmResponder } from './bench-llm';
import { summary } from './percentiles';

interface DatasetDocument {
  id: string;
  title: string;
  text: string;
}

interface Timing {
  firstTokenMs: number;
  totalMs: number;
}

const MIN_CHUNKS = 3000;

/** Loads at least MIN_CHUNKS chunks: every dataset's documents, then copies of them under new ids if needed. */
async function loadKnowledge(
  stack: BenchStack,
  datasets: string[],
): Promise<{ workspaceId: WorkspaceId; chunks: number }> {
  const created = await call<{ workspace: { id: WorkspaceId }; apiKey: { key: string } }>(
    `${stack.url}/v1/workspaces`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.adminToken}` },
      json: { name: 'Answer bench' },
    },
  );
  const auth = { Authorization: `Bearer ${created.apiKey.key}` };
  const source = await call<{ id: string }>(`${stack.url}/v1/knowledge/sources`, {
    method: 'POST',
    headers: auth,
    json: { name: 'Bench', type: 'text', visibility: 'public' },
  });
  const documents = datasets.flatMap((dataset) =>
    readFileSync(`${dataset}/documents.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as DatasetDocument),
  );
  let chunks = 0;
  for (let copy = 0; chunks < MIN_CHUNKS && copy < 5; copy++) {
    const body = documents.map((doc) => JSON.stringify({ ...doc, id: `${copy}:${doc.id}` })).join('\n');
    const accepted = await call<{ sync: { id: string } }>(`${stack.url}/v1/knowledge/sources/${source.id}/import`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
      body,
    });
    for (;;) {
      const sync = await call<{ status: string }>(
        `${stack.url}/v1/knowledge/sources/${source.id}/syncs/${accepted.sync.id}`,
        { headers: auth },
      );
      if (sync.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    chunks = 0;
    for (let offset = 0; ; offset += 200) {
      const page = await call<Array<{ chunkCount: number }>>(
        `${stack.url}/v1/knowledge/sources/${source.id}/documents?limit=200&offset=${offset}`,
        {
          headers: auth,
        },
      );
      chunks += page.reduce((sum, doc) => sum + doc.chunkCount, 0);
      if (page.length < 200) break;
    }
  }
  return { workspaceId: created.workspace.id, chunks };
}

async function timeAnswers(service: AnswerService, workspaceId: WorkspaceId, questions: string[]): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const question of questions) {
    const started = process.hrtime.bigint();
    let firstTokenMs = NaN;
    for await (const event of service.answerStream({
      workspaceId,
      question,
      visibility: ['public'],
      threshold: 0,
      bypassCache: true,
    })) {
      if (event.type === 'token' && Number.isNaN(firstTokenMs))
        firstTokenMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    timings.push({ firstTokenMs: Number.isNaN(firstTokenMs) ? totalMs : firstTokenMs, totalMs });
  }
  return timings;
}

function datasetQuestions(dataset: string): string[] {
  return readFileSync(`${dataset}/questions.dev.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question);
}

export async function benchAnswer(args: { datasets: string[]; questions: number }): Promise<Record<string, unknown>> {
  // Each pass asks questions no earlier pass asked, so every query embedding is computed cold.
  const questions = [...new Set(datasetQuestions(args.datasets[0]))];
  if (questions.length < 2 * args.questions)
    throw new Error(
      `--questions ${args.questions}: ${args.datasets[0]} has ${questions.length} distinct questions, two passes need twice as many`,
    );
  const offlineQuestions = questions.slice(0, args.questions);
  const onlineQuestions = questions.slice(args.questions, 2 * args.questions);
  const warmUp = datasetQuestions(args.datasets[1] ?? args.datasets[0]).slice(-5);

  const llm = await OpenAiDouble.start({ respond: benchLlmResponder, ...BENCH_LLM_PACE });
  const stack = await startBenchStack({
    variables: {
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
    },
  });
  try {
    const { workspaceId, chunks } = await loadKnowledge(stack, args.datasets);
    const service = stack.api.get(AnswerService);
    // The same service object answers offline when its LLM client is taken away.
    const withLlm = service as unknown as { llm: unknown };
    const client = withLlm.llm;
    withLlm.llm = null;
    await timeAnswers(service, workspaceId, warmUp);
    const offline = await timeAnswers(service, workspaceId, offlineQuestions);
    withLlm.llm = client;
    const online = await timeAnswers(service, workspaceId, onlineQuestions);
    const overhead = online.map((timing) => timing.firstTokenMs - BENCH_LLM_PACE.firstTokenDelayMs);
    return {
      benchmark: 'answer',
      chunks,
      questions_per_pass: args.questions,
      offline: {
        ttft_ms: summary(offline.map((t) => t.firstTokenMs)),
        total_ms: summary(offline.map((t) => t.totalMs)),
      },
      llm_test_server: {
        first_token_delay_ms: BENCH_LLM_PACE.firstTokenDelayMs,
        token_interval_ms: BENCH_LLM_PACE.tokenIntervalMs,
        grounding_check: 'paced like every other call',
        ttft_ms: summary(online.map((t) => t.firstTokenMs)),
        total_ms: summary(online.map((t) => t.totalMs)),
        overhead_before_first_token_ms: summary(overhead),
      },
    };
  } finally {
    await stack.close();
    await llm.close();
  }
}
