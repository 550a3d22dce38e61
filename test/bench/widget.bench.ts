import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { forEachSseEvent } from '../support/sse';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { SpawnedProcess, spawnApi, spawnTsProcess } from '../support/test-worker';
import { call } from './bench-stack';
import { LISTENING, MODEL_TTFT } from './bench-llm';
import { ENGINE_RESULT, EngineInput } from './engine-input';
import { summary } from './percentiles';
import { DOC2DIAL_DOCUMENTS, REPEATED_QUESTIONS, questionsPerConversation } from './question-pool';

const ANSWER_TIMEOUT_MS = 60_000;
const IDLE_WINDOW_MS = 3000;

interface Options {
  concurrency: number;
  messagesPerConversation: number;
  /** Mean pause of a visitor between an answer and their next message (reading, typing); 0 sends at once. */
  thinkMs: number;
  /** Ask a few questions over and over (the cached case) instead of a distinct question per message. */
  repeat: boolean;
  /** Answer with an OpenAI-compatible model (the test server, paced like a hosted one) instead of offline. */
  llm: boolean;
  /** Extra node flags for the api process, e.g. --cpu-prof to see where its time goes. */
  apiNodeArgs?: string[];
}

interface ConversationResult {
  /** One entry per message asked: the time to its first token, or ANSWER_TIMEOUT_MS when it failed or timed out. */
  ttftMs: number[];
  answered: number;
  failed: number;
  errors: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator (mulberry32), so two runs pause alike. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Records a failed message as the timeout, so failures weigh in the percentiles instead of vanishing. */
function recordFailure(result: ConversationResult, error: string): void {
  result.ttftMs.push(ANSWER_TIMEOUT_MS);
  result.failed += 1;
  result.errors.push(error);
}

/**
 * One visitor: opens a session and the event stream, then asks its questions one at a time, each timed from the POST
 * to the first token (or to the bot's message when it has nothing to stream), and waits for the bot's message.
 */
async function converse(apiUrl: string, inboxKey: string, questions: string[], index: number, options: Options) {
  const random = seededRandom(index + 1);
  const result: ConversationResult = { ttftMs: [], answered: 0, failed: 0, errors: [] };
  const base = `${apiUrl}/v1/widget/${inboxKey}`;
  const abort = new AbortController();
  let current: { sentAt: number; firstAt?: number; finish: () => void } | null = null;
  let asked = 0;
  try {
    // Visitors arrive spread over one think time: each opens the widget (session, stream), then asks.
    if (options.thinkMs > 0) await sleep((index / options.concurrency) * options.thinkMs);
    const session = await call<{ visitorToken: string }>(`${base}/session`, { method: 'POST', json: {} });
    const events = await fetch(`${base}/events?token=${encodeURIComponent(session.visitorToken)}`, {
      signal: abort.signal,
    });
    if (!events.ok) throw new Error(`events: ${events.status}`);
    // Tokens can arrive before the POST returns: the answer starts as soon as the message is stored.
    const reading = forEachSseEvent(events, ({ event, data }) => {
      if (!current) return;
      if (event === 'token') current.firstAt ??= performance.now();
      else if (event === 'message' && (JSON.parse(data) as { author?: string }).author === 'bot') {
        const turn = current;
        current = null;
        turn.firstAt ??= performance.now();
        result.ttftMs.push(turn.firstAt - turn.sentAt);
        result.answered += 1;
        turn.finish();
      }
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) result.errors.push(`stream: ${String(error)}`);
    });
    for (const content of questions) {
      // People pause between messages: reading the answer, typing the next question.
      if (asked > 0 && options.thinkMs > 0) await sleep(options.thinkMs * (0.5 + random()));
      asked += 1;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await new Promise<string | null>((resolve) => {
        current = { sentAt: performance.now(), finish: () => resolve(null) };
        timer = setTimeout(() => resolve(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`), ANSWER_TIMEOUT_MS);
        call(`${base}/messages`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${session.visitorToken}` },
          json: { clientMessageId: `bench-${index}-${asked}`, content },
        }).catch((error: unknown) => resolve(`send: ${error instanceof Error ? error.message : String(error)}`));
      });
      clearTimeout(timer);
      current = null;
      if (outcome !== null) recordFailure(result, outcome);
    }
    abort.abort();
    await reading;
  } catch (error) {
    abort.abort();
    // The visitor could not start: every question it would have asked failed.
    const message = error instanceof Error ? error.message : String(error);
    for (let n = asked; n < questions.length; n++) recordFailure(result, message);
  }
  return result;
}

interface CountedProcess extends SpawnedProcess {
  /** The pg queries this process has sent so far, as its preloaded counter last wrote them. */
  queries(): Promise<number>;
  /** Rejects, with the end of the process's output, once it exits: raced against the run, so a crash stops it. */
  died: Promise<never>;
}

const QUERY_COUNTER = join(__dirname, 'count-pg-queries.js');

/** Spawns a process with the pg query counter preloaded. */
function counted(file: string, spawnWith: (overrides: Record<string, string>, nodeArgs: string[]) => SpawnedProcess) {
  const spawned = spawnWith({ PG_QUERY_COUNT_FILE: file }, ['-r', QUERY_COUNTER]);
  let exitCode: number | null | undefined;
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  spawned.process.stdout?.on('data', keep);
  spawned.process.stderr?.on('data', keep);
  const died = spawned.exited.then((code): never => {
    exitCode = code;
    throw new Error(`${file}: the process exited (${code}) during the benchmark:\n${output}`);
  });
  // Observed by the race in benchWidget; after a deliberate stop nobody listens.
  died.catch(() => undefined);
  const queries = async (): Promise<number> => {
    const since = Date.now();
    // The counter writes every 100 ms: wait for a write made after this call.
    for (;;) {
      if (exitCode !== undefined)
        throw new Error(`${file}: the process exited (${exitCode}) during the benchmark:\n${output}`);
      const written = JSON.parse(readFileSync(file, 'utf8')) as { queries: number; at: number };
      if (written.at > since) return written.queries;
      await sleep(50);
    }
  };
  return { ...spawned, queries, died } satisfies CountedProcess;
}

async function totalQueries(processes: CountedProcess[]): Promise<number> {
  const counts = await Promise.all(processes.map((spawned) => spawned.queries()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** What the idle processes query on their own (outbox relay, pollers), measured over a few seconds before the load. */
async function backgroundQueriesPerSecond(processes: CountedProcess[]): Promise<number> {
  const before = await totalQueries(processes);
  const started = performance.now();
  await sleep(IDLE_WINDOW_MS);
  const after = await totalQueries(processes);
  return (after - before) / ((performance.now() - started) / 1000);
}

/** Resolves to the rest of the first line the process prints after `marker`, once it has printed it. */
function lineAfter(spawned: SpawnedProcess, marker: string): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const at = output.indexOf(marker);
      const end = at < 0 ? -1 : output.indexOf('\n', at);
      if (end < 0) return;
      spawned.process.stdout?.off('data', read);
      resolve(output.slice(at + marker.length, end).trim());
    };
    spawned.process.stdout?.on('data', read);
    void spawned.exited.then((code) => reject(new Error(`the process exited (${code}) before printing "${marker}"`)));
  });
}

/** The OpenAI-compatible test server as its own process; resolves to its base URL. */
async function startLlmServer(environment: TestEnvironment): Promise<{ baseUrl: string; server: SpawnedProcess }> {
  const server = spawnTsProcess('test/bench/openai-double.process.ts', environment, {}, LISTENING);
  const baseUrl = await lineAfter(server, LISTENING);
  return { baseUrl, server };
}

/** The model's own time to first token over the streams the test server has served so far. */
async function modelTtft(server: SpawnedProcess): Promise<{ p50: number; p95: number; streams: number }> {
  const line = lineAfter(server, MODEL_TTFT);
  server.process.kill('SIGUSR2');
  return JSON.parse(await line) as { p50: number; p95: number; streams: number };
}

/**
 * The in-process AnswerService alone on the run's conversations, in its own process once the api and worker have
 * stopped, with the query-embedding cache emptied so it starts as cold as the widget run did.
 */
async function engineMessagesPerSecond(
  environment: TestEnvironment,
  input: EngineInput,
  variables: Record<string, string>,
): Promise<number> {
  const database = new Client({ connectionString: environment.variables.DATABASE_URL });
  await database.connect();
  await database.query('TRUNCATE embedding_cache').finally(() => database.end());
  const file = join(environment.dataDir, 'engine-input.json');
  writeFileSync(file, JSON.stringify(input));
  const engine = spawnTsProcess(
    'test/bench/engine.process.ts',
    environment,
    { LOG_LEVEL: 'warn', ENGINE_INPUT: file, ...variables },
    ENGINE_RESULT,
  );
  const result = JSON.parse(await lineAfter(engine, ENGINE_RESULT)) as { messages: number; seconds: number };
  await engine.exited;
  return Math.round((result.messages / result.seconds) * 10) / 10;
}

async function stop(spawned: SpawnedProcess): Promise<void> {
  spawned.process.kill('SIGTERM');
  await spawned.exited;
}

/** Imports the doc2dial documents in one sync and waits until it has completed. */
async function loadKnowledge(apiUrl: string, auth: Record<string, string>): Promise<number> {
  const source = await call<{ id: string }>(`${apiUrl}/v1/knowledge/sources`, {
    method: 'POST',
    headers: auth,
    json: { name: 'doc2dial', type: 'text', visibility: 'public' },
  });
  const documents = readFileSync(DOC2DIAL_DOCUMENTS, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  const accepted = await call<{ sync: { id: string } }>(`${apiUrl}/v1/knowledge/sources/${source.id}/import`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
    body: documents.join('\n'),
  });
  for (;;) {
    const sync = await call<{ status: string }>(
      `${apiUrl}/v1/knowledge/sources/${source.id}/syncs/${accepted.sync.id}`,
      { headers: auth },
    );
    if (sync.status === 'completed') return documents.length;
    if (sync.status !== 'running') throw new Error(`importing the doc2dial documents ended ${sync.status}`);
    await sleep(200);
  }
}

async function createWorkspace(apiUrl: string, adminToken: string) {
  const created = await call<{ workspace: { id: string }; apiKey: { key: string } }>(`${apiUrl}/v1/workspaces`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` },
    // Every answer goes out, so each message is one streamed answer; handoffs would silence the bot.
    json: { name: 'Widget bench', settings: { confidenceThreshold: 0 } },
  });
  return { workspaceId: created.workspace.id, auth: { Authorization: `Bearer ${created.apiKey.key}` } };
}

interface WidgetRun {
  workspaceId: string;
  results: ConversationResult[];
  seconds: number;
  /** pg queries sent by the api and worker during the run. */
  queries: number;
  /** pg queries per second the idle api and worker send on their own, measured before the run. */
  background: number;
  documents: number;
}

/** Loads the knowledge, opens an inbox and runs every conversation at once against the api and worker. */
async function measure(
  apiUrl: string,
  environment: TestEnvironment,
  processes: CountedProcess[],
  questions: string[][],
  options: Options,
): Promise<WidgetRun> {
  const { workspaceId, auth } = await createWorkspace(apiUrl, environment.variables.SWITCHBOARD_ADMIN_TOKEN);
  const documents = await loadKnowledge(apiUrl, auth);
  const inbox = await call<{ inbox: { publicKey: string } }>(`${apiUrl}/v1/inboxes`, {
    method: 'POST',
    headers: auth,
    json: { name: 'Bench widget', channel: 'widget' },
  });
  const background = await backgroundQueriesPerSecond(processes);
  const queriesBefore = await totalQueries(processes);
  const started = performance.now();
  const results = await Promise.all(
    questions.map((asked, index) => converse(apiUrl, inbox.inbox.publicKey, asked, index, options)),
  );
  const seconds = (performance.now() - started) / 1000;
  const queries = (await totalQueries(processes)) - queriesBefore;
  return { workspaceId, results, seconds, queries, background, documents };
}

export async function benchWidget(options: Options): Promise<Record<string, unknown>> {
  const questions = questionsPerConversation(options);
  const environment = await createTestEnvironment('bench-widget', {
    EMBEDDING_THREADS: '0',
    // Every visitor of the load test comes from 127.0.0.1.
    WIDGET_RATE_LIMIT_IP: '1000000',
  });
  const llm = options.llm ? await startLlmServer(environment) : null;
  const llmVariables: Record<string, string> = llm
    ? { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini' }
    : {};
  const port = await freePort();
  const counters = join(environment.dataDir, 'pg-queries');
  const api = counted(`${counters}-api.json`, (variables, nodeArgs) =>
    spawnApi(environment, port, { LOG_LEVEL: 'warn', ...llmVariables, ...variables }, [
      ...nodeArgs,
      ...(options.apiNodeArgs ?? []),
    ]),
  );
  const worker = counted(`${counters}-worker.json`, (variables, nodeArgs) =>
    spawnTsProcess(
      'apps/worker/src/main.ts',
      environment,
      { ...llmVariables, ...variables },
      'worker started',
      nodeArgs,
    ),
  );
  try {
    await Promise.all([api.started, worker.started]);
    const run = await Promise.race([
      measure(`http://127.0.0.1:${port}`, environment, [api, worker], questions, options),
      api.died,
      worker.died,
    ]);
    await Promise.all([stop(api), stop(worker)]);
    const model = llm ? await modelTtft(llm.server) : null;
    // Saturation (no pause) is where the platform's overhead shows: compare with the engine alone.
    const engine =
      options.thinkMs === 0
        ? await engineMessagesPerSecond(
            environment,
            { workspaceId: run.workspaceId, conversations: questions },
            llmVariables,
          )
        : null;
    return widgetFigures(options, run, { questions, model, engine });
  } finally {
    await Promise.all([stop(api), stop(worker), ...(llm ? [stop(llm.server)] : [])]);
    await environment.destroy();
  }
}

function widgetFigures(
  options: Options,
  run: WidgetRun,
  extra: { questions: string[][]; model: { p50: number; p95: number } | null; engine: number | null },
): Record<string, unknown> {
  const { results } = run;
  const sent = results.reduce((sum, result) => sum + result.ttftMs.length, 0);
  const answered = results.reduce((sum, result) => sum + result.answered, 0);
  const errors = results.flatMap((result) => result.errors);
  const messagesPerSecond = Math.round((answered / run.seconds) * 10) / 10;
  return {
    benchmark: 'widget',
    // offline: the extractive answerer; llm: the OpenAI-compatible test server in its own process, paced like a hosted model.
    mode: options.llm ? 'llm' : 'offline',
    questions: options.repeat ? `${REPEATED_QUESTIONS} repeated (cached case)` : 'distinct (doc2dial dev)',
    distinct_questions: new Set(extra.questions.flat()).size,
    documents: run.documents,
    concurrency: options.concurrency,
    think_ms: options.thinkMs,
    messages: sent,
    answered,
    failed: results.reduce((sum, result) => sum + result.failed, 0),
    messages_per_s: messagesPerSecond,
    // Failed and timed-out messages count as the timeout.
    ttft_ms: summary(results.flatMap((result) => result.ttftMs)),
    ...(extra.model ? { model_ttft_ms: { p50: extra.model.p50, p95: extra.model.p95 } } : {}),
    ...(extra.engine !== null
      ? { engine_messages_per_s: extra.engine, ratio: Math.round((messagesPerSecond / extra.engine) * 100) / 100 }
      : {}),
    // Counted at the pg driver in the api and the worker; the idle processes' own polling is subtracted.
    db_queries_per_message: Math.round(((run.queries - run.background * run.seconds) / Math.max(1, sent)) * 10) / 10,
    db_background_queries_per_s: Math.round(run.background * 10) / 10,
    errors: errors.length,
    error_samples: [...new Set(errors)].slice(0, 5),
    duration_s: Math.round(run.seconds * 10) / 10,
  };
}
