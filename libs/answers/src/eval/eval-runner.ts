import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AppConfig, loadConfig } from '@switchboard/config';
import { DEFAULT_WORKSPACE_SETTINGS, asWorkspaceId, ensureDatabase, holdDatabaseLock } from '@switchboard/database';
import { LanceDbVectorStore, VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnswerService } from '../answer.service';
import { EvalDataset, batchLines, loadEvalDataset } from './eval-dataset';
import { buildEvalRecord } from './eval-record';
import { EvalRecord, EvalSummary, summarise } from './metrics';

/**
 * How the runner boots the two processes. The apps are passed in rather than imported, because a lib
 * never imports an app (ARCHITECTURE.md §2); scripts/eval.ts supplies `createApiApp` and the WorkerModule.
 */
export interface EvalProcesses {
  /** The api, built but not yet listening. */
  createApi(config: AppConfig): Promise<INestApplication>;
  /** The worker, initialised (its queue consumers running). */
  createWorker(config: AppConfig): Promise<INestApplicationContext>;
}

export interface EvalOptions extends EvalStackOptions {
  datasetDir: string;
  /** Overrides the workspace threshold; by default the workspace default applies. */
  threshold?: number;
  /** Ask only the first N questions. */
  limit?: number;
}

export interface EvalRun {
  dataset: string;
  summary: EvalSummary;
  records: EvalRecord[];
}

export const EVAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/switchboard_eval';
export const EVAL_DATA_DIR = './data/eval';
/** Import bodies stay well below IMPORT_MAX_BYTES. */
const IMPORT_BATCH_BYTES = 5 * 1024 * 1024;
const SYNC_POLL_MS = 500;
const SYNC_TIMEOUT_MS = 60 * 60 * 1000;
const PURGE_TIMEOUT_MS = 60 * 1000;

interface SyncStatus {
  status: 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  indexed: number;
  skipped: number;
  failed: number;
  error?: string | null;
  errors?: Array<{ title: string; error: string }>;
}

/** How an eval boots its processes, and where. */
export interface EvalStackOptions {
  processes: EvalProcesses;
  onProgress?: (line: string) => void;
  /** Base variables, e.g. the caller's environment for OPENAI_API_KEY; the runner's own variables win. */
  env?: Record<string, string | undefined>;
  /** Variables of this eval that win over everything, e.g. CRAWL_ALLOW_PRIVATE_NETWORKS for a local action API. */
  variables?: Record<string, string>;
  /** Persistent, so the Postgres embedding cache makes re-runs fast. */
  databaseUrl?: string;
  /** Each run works in a subdirectory of this one and removes it at the end. */
  dataDir?: string;
}

/** The booted api (listening on 127.0.0.1) and worker of one eval run, with an admin client of the api. */
export interface EvalStack {
  api: INestApplication;
  worker: INestApplicationContext;
  admin: EvalApiClient;
  config: AppConfig;
}

/**
 * Boots api + worker in-process against a persistent eval database (one run at a time: it holds the database's eval
 * lock), hands them to `use`, and then closes them and removes the run's data directory and queue keys.
 */
export async function withEvalStack<T>(options: EvalStackOptions, use: (stack: EvalStack) => Promise<T>): Promise<T> {
  const progress = options.onProgress ?? (() => undefined);
  const databaseUrl = options.databaseUrl ?? EVAL_DATABASE_URL;
  const runId = randomBytes(4).toString('hex');
  // A store of its own per run: LanceDB's BM25 statistics span the whole table, earlier runs' rows included.
  const runDir = join(resolve(options.dataDir ?? EVAL_DATA_DIR), `run-${runId}`);
  const variables: Record<string, string | undefined> = {
    ...options.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: runDir,
    QUEUE_PREFIX: `sbeval-${runId}`,
    SWITCHBOARD_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'silent',
    WORKER_METRICS_PORT: '0',
    ...options.variables,
  };
  const apiConfig = loadConfig('api', variables);
  const workerConfig = loadConfig('worker', variables);
  await ensureDatabase(databaseUrl);
  // Runs share the database (and its embedding cache) but not its outbox: one run's relay would take another's jobs.
  const lock = await holdDatabaseLock(databaseUrl, 'switchboard-eval-run', () =>
    progress('[eval] waiting for another eval run on this database to finish'),
  );
  await mkdir(runDir, { recursive: true });

  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    progress('[eval] booting api and worker');
    // The api first: it runs the migrations the worker then finds done.
    api = await options.processes.createApi(apiConfig);
    await api.listen(0, '127.0.0.1');
    worker = await options.processes.createWorker(workerConfig);
    const address = (api.getHttpServer() as Server).address() as AddressInfo;
    const admin = new EvalApiClient(`http://127.0.0.1:${address.port}`, apiConfig.adminToken ?? '');
    return await use({ api, worker, admin, config: apiConfig });
  } finally {
    await api?.close();
    await worker?.close();
    await deleteQueueKeys(apiConfig, progress);
    await rm(runDir, { recursive: true, force: true });
    await lock.release();
  }
}

/** A fresh workspace, provisioned through the admin API: its id and a client holding its API key. */
export async function provisionWorkspace(
  admin: EvalApiClient,
  name: string,
): Promise<{ workspaceId: string; client: EvalApiClient }> {
  const provisioned = await admin.send<{ workspace: { id: string }; apiKey: { key: string } }>(
    'POST',
    '/v1/workspaces',
    { name },
  );
  return { workspaceId: provisioned.workspace.id, client: admin.withToken(provisioned.apiKey.key) };
}

/**
 * A public text knowledge source holding `documentLines` (import JSONL: id, title, text), indexed and searchable
 * when this returns; its id, for `removeKnowledgeSource`.
 */
export async function importKnowledge(
  stack: EvalStack,
  client: EvalApiClient,
  name: string,
  documentLines: string[],
  progress: (line: string) => void,
): Promise<string> {
  const source = await client.send<{ id: string }>('POST', '/v1/knowledge/sources', {
    name,
    type: 'text',
    visibility: 'public',
  });
  await importDocuments(client, source.id, documentLines, progress);
  // The api's LanceDB reads the BM25 index only, which the worker refreshes a moment after its last write.
  const store = stack.worker.get<VectorStore>(VECTOR_STORE);
  if (store instanceof LanceDbVectorStore) await store.refreshIndexes();
  return source.id;
}

/**
 * Boots api + worker in-process against a persistent eval database, imports the dataset's documents into a
 * fresh workspace through the API, asks every question through AnswerService (sequentially, cache bypassed)
 * and scores the answers. Removes its knowledge source, data directory and queue keys afterwards; the workspace,
 * its answer traces and the embedding cache stay in the eval database.
 */
export async function runEval(options: EvalOptions): Promise<EvalRun> {
  const progress = options.onProgress ?? (() => undefined);
  const dataset = await loadEvalDataset(options.datasetDir, options.limit);
  progress(
    `[eval] ${dataset.name}: ${dataset.documentLines.length} documents, ${dataset.questions.length} questions (${dataset.questionsFile})`,
  );
  return withEvalStack(options, async (stack) => {
    const { workspaceId, client } = await provisionWorkspace(
      stack.admin,
      `eval ${dataset.name} ${new Date().toISOString()}`,
    );
    let sourceId: string | undefined;
    try {
      sourceId = await importKnowledge(stack, client, `eval ${dataset.name}`, dataset.documentLines, progress);
      const datasetIdOf = await datasetIdsOf(client, sourceId, dataset, progress);
      const answerService = stack.api.get(AnswerService);
      const answered = await askQuestions(answerService, workspaceId, dataset, datasetIdOf, options, progress);
      const threshold = options.threshold ?? answered[0]?.threshold ?? DEFAULT_WORKSPACE_SETTINGS.confidenceThreshold;
      const records = answered.map((item) => item.record);
      return { dataset: dataset.name, summary: summarise(records, threshold), records };
    } finally {
      if (sourceId) await removeKnowledgeSource(stack, client, workspaceId, sourceId, progress);
    }
  });
}

async function importDocuments(
  client: EvalApiClient,
  sourceId: string,
  documentLines: string[],
  progress: (line: string) => void,
): Promise<void> {
  const batches = batchLines(documentLines, IMPORT_BATCH_BYTES);
  const syncIds: string[] = [];
  for (const body of batches) {
    const result = await client.send<{ sync: { id: string } }>(
      'POST',
      `/v1/knowledge/sources/${sourceId}/import`,
      body,
      'application/x-ndjson',
    );
    syncIds.push(result.sync.id);
  }
  const started = performance.now();
  for (const [i, syncId] of syncIds.entries()) {
    const label = syncIds.length > 1 ? ` (batch ${i + 1}/${syncIds.length})` : '';
    let lastReport = 0;
    for (;;) {
      const sync = await client.send<SyncStatus>('GET', `/v1/knowledge/sources/${sourceId}/syncs/${syncId}`);
      const now = performance.now();
      if (sync.status !== 'running' || now - lastReport > 5000) {
        progress(
          `[eval] ingesting${label}: ${sync.done}/${sync.total} (indexed ${sync.indexed}, skipped ${sync.skipped}, failed ${sync.failed}) ${Math.round((now - started) / 1000)}s`,
        );
        lastReport = now;
      }
      if (sync.status === 'failed') throw new Error(`Ingestion failed: ${sync.error ?? 'unknown error'}`);
      if (sync.status === 'completed') {
        for (const failure of (sync.errors ?? []).slice(0, 5)) {
          progress(`[eval] warning: ${failure.title}: ${failure.error}`);
        }
        break;
      }
      if (now - started > SYNC_TIMEOUT_MS) throw new Error('Ingestion did not finish within an hour');
      await sleep(SYNC_POLL_MS);
    }
  }
}

/** Maps the knowledge base's document ids back to the dataset's ids. */
async function datasetIdsOf(
  client: EvalApiClient,
  sourceId: string,
  dataset: EvalDataset,
  progress: (line: string) => void,
): Promise<(documentId: string) => string> {
  const datasetIds = new Map<string, string>();
  for (let offset = 0; ; offset += 200) {
    const page = await client.send<Array<{ id: string; externalId: string }>>(
      'GET',
      `/v1/knowledge/sources/${sourceId}/documents?limit=200&offset=${offset}`,
    );
    for (const document of page) datasetIds.set(document.id, document.externalId);
    if (page.length < 200) break;
  }
  if (datasetIds.size !== dataset.documentLines.length) {
    progress(
      `[eval] warning: ${datasetIds.size} documents in the knowledge base, ${dataset.documentLines.length} in the dataset`,
    );
  }
  // An unknown id cannot match a gold id, but stays distinct in the retrieval ranks.
  return (documentId) => datasetIds.get(documentId) ?? `unknown:${documentId}`;
}

export async function askQuestions(
  answers: AnswerService,
  workspaceId: string,
  dataset: EvalDataset,
  datasetIdOf: (documentId: string) => string,
  options: EvalOptions,
  progress: (line: string) => void,
): Promise<Array<{ record: EvalRecord; threshold: number }>> {
  const results: Array<{ record: EvalRecord; threshold: number }> = [];
  const started = performance.now();
  let lastReport = started;
  for (const [i, question] of dataset.questions.entries()) {
    const before = performance.now();
    const result = await answers
      .answer({
        workspaceId: asWorkspaceId(workspaceId),
        question: question.question,
        history: question.history,
        visibility: ['public'],
        threshold: options.threshold,
        bypassCache: true,
      })
      .catch((error: unknown) => {
        throw new Error(`Question ${question.id} failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      });
    const latency = performance.now() - before;
    results.push({ record: buildEvalRecord(question, result, datasetIdOf, latency), threshold: result.threshold });
    const now = performance.now();
    if (now - lastReport > 5000 || i + 1 === dataset.questions.length) {
      progress(`[eval] answered ${i + 1}/${dataset.questions.length} ${Math.round((now - started) / 1000)}s`);
      lastReport = now;
    }
  }
  return results;
}

/** With Qdrant the store outlives the run: removing the source keeps it from growing by a knowledge base a run. */
export async function removeKnowledgeSource(
  stack: EvalStack,
  client: EvalApiClient,
  workspaceId: string,
  sourceId: string,
  progress: (line: string) => void,
): Promise<void> {
  try {
    await client.send('DELETE', `/v1/knowledge/sources/${sourceId}`);
    const store = stack.worker.get<VectorStore>(VECTOR_STORE);
    const deadline = performance.now() + PURGE_TIMEOUT_MS;
    while ((await store.count(asWorkspaceId(workspaceId), { sourceIds: [sourceId] })) > 0) {
      if (performance.now() > deadline) {
        progress('[eval] warning: the knowledge source was not purged in time');
        break;
      }
      await sleep(SYNC_POLL_MS);
    }
  } catch (error) {
    progress(`[eval] warning: cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Each run has its own queue prefix; its BullMQ keys would otherwise stay in Redis forever. */
async function deleteQueueKeys(config: AppConfig, progress: (line: string) => void): Promise<void> {
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queue.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    progress(`[eval] warning: could not remove queue keys: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    redis.disconnect();
  }
}

/** The few API calls the eval makes, over real HTTP like any client. */
export class EvalApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  withToken(token: string): EvalApiClient {
    return new EvalApiClient(this.baseUrl, token);
  }

  async send<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 2000)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
