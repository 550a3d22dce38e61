import { AnswerService } from '@switchboard/answers';
import { WorkspaceId } from '@switchboard/database';
import { readFileSync } from 'node:fs';
import { OpenAiDouble } from '../../libs/llm/src/testing/openai-double';
import { BenchStack, call, startBenchStack } from './bench-stack';
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
const LLM_FIRST_TOKEN_MS = 200;
const LLM_TOKEN_INTERVAL_MS = 20;

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

export async function benchAnswer(args: { datasets: string[]; questions: number }): Promise<Record<string, unknown>> {
  const questions = readFileSync(`${args.datasets[0]}/questions.dev.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question)
    .slice(0, args.questions);

  const llm = await OpenAiDouble.start({
    respond: (body) =>
      JSON.stringify(body.messages).includes('check answers for grounding')
        ? { text: '{"grounded": true}', firstTokenDelayMs: 0, tokenIntervalMs: 0 }
        : {
            text: 'Here is what the help centre says about that, in twenty words or so, with a citation at the end [1].',
          },
    firstTokenDelayMs: LLM_FIRST_TOKEN_MS,
    tokenIntervalMs: LLM_TOKEN_INTERVAL_MS,
  });
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
    await timeAnswers(service, workspaceId, questions.slice(0, 5));
    const offline = await timeAnswers(service, workspaceId, questions);
    withLlm.llm = client;
    const online = await timeAnswers(service, workspaceId, questions);
    const overhead = online.map((timing) => timing.firstTokenMs - LLM_FIRST_TOKEN_MS);
    return {
      benchmark: 'answer',
      chunks,
      questions: questions.length,
      offline: {
        ttft_ms: summary(offline.map((t) => t.firstTokenMs)),
        total_ms: summary(offline.map((t) => t.totalMs)),
      },
      llm_test_server: {
        first_token_delay_ms: LLM_FIRST_TOKEN_MS,
        token_interval_ms: LLM_TOKEN_INTERVAL_MS,
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
