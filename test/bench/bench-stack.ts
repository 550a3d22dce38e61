import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from '@switchboard/config';
import { EMBEDDER, Embedder } from '@switchboard/knowledge';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApi } from '../support/test-api';
import { createTestEnvironment } from '../support/test-environment';

/** A throwaway api + worker on a fresh database (so no embedding is cached), for one benchmark. */
export interface BenchStack {
  url: string;
  api: INestApplication;
  worker: INestApplicationContext;
  config: AppConfig;
  adminToken: string;
  close(): Promise<void>;
}

export async function startBenchStack(
  options: { embedder?: Embedder; variables?: Record<string, string> } = {},
): Promise<BenchStack> {
  // Benchmarks measure the product's defaults: the embedder on every core.
  const environment = await createTestEnvironment('bench', { EMBEDDING_THREADS: '0', ...options.variables });
  const api = await startApi(environment);
  let builder = Test.createTestingModule({ imports: [WorkerModule.forRoot(environment.config('worker'))] });
  if (options.embedder) builder = builder.overrideProvider(EMBEDDER).useValue(options.embedder);
  const worker = await (await builder.compile()).init();
  return {
    url: api.url,
    api: api.app,
    worker,
    config: api.config,
    adminToken: api.config.adminToken ?? '',
    close: async () => {
      await worker.close();
      await api.close();
      await environment.destroy();
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
