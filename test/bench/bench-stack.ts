import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '@switchboard/config';
import { EMBEDDER, Embedder } from '@switchboard/knowledge';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';

const SERVER = 'postgres://postgres@127.0.0.1:5432';

/** A throwaway api + worker on a fresh database (so no embedding is cached), for one benchmark. */
export interface BenchStack {
  url: string;
  api: INestApplication;
  worker: INestApplicationContext;
  config: AppConfig;
  adminToken: string;
  close(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startBenchStack(
  options: { embedder?: Embedder; variables?: Record<string, string> } = {},
): Promise<BenchStack> {
  const name = `sb_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const dataDir = await mkdtemp(join(tmpdir(), 'sb-bench-'));
  const adminToken = randomBytes(24).toString('hex');
  const variables = {
    DATABASE_URL: `${SERVER}/${name}`,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    SWITCHBOARD_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    WORKER_METRICS_PORT: '0',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...options.variables,
  };
  const config = loadConfig('api', variables);
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  let builder = Test.createTestingModule({ imports: [WorkerModule.forRoot(loadConfig('worker', variables))] });
  if (options.embedder) builder = builder.overrideProvider(EMBEDDER).useValue(options.embedder);
  const workerModule = await builder.compile();
  const worker = await workerModule.init();
  const port = (api.getHttpServer().address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    worker,
    config,
    adminToken,
    close: async () => {
      await worker.close();
      await api.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Tiny client for the benchmark's HTTP calls. */
export async function call<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const response = await fetch(url, { ...init, headers, body });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
