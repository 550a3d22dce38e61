/**
 * The eval harness from the command line (run from the repository root):
 *
 *   npm run eval -- --dataset ../shared/datasets/doc2dial [--threshold 0.5] [--limit 40] [--json] [--records out.jsonl]
 *
 * Boots api + worker in this process against the persistent database `switchboard_eval` (Postgres at
 * 127.0.0.1, Redis from REDIS_URL or 127.0.0.1), imports the dataset's documents into a fresh workspace,
 * asks every question and scores the answers. Progress and a human-readable table go to stderr; the
 * summary is ONE JSON object on the last line of stdout (`{"error": ...}` on failure, with exit code 1;
 * a usage error exits with 2). Variables such as OPENAI_API_KEY or QDRANT_URL are taken from the
 * environment, so the same command evaluates any configured LLM, embedder or vector store.
 */
import 'reflect-metadata';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EvalDatasetError, EvalProcesses, formatEvalSummary, runEval } from '@switchboard/answers/eval';
import { AppConfig } from '@switchboard/config';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

export const USAGE = `Usage: npm run eval -- --dataset <dir> [--threshold <0..1>] [--limit <N>] [--json] [--records <file.jsonl>]

  --dataset <dir>       a dataset directory with documents.jsonl and one questions*.jsonl,
                        e.g. ../shared/datasets/doc2dial
  --threshold <x>       confidence threshold in [0, 1] (default: the workspace default)
  --limit <N>           ask only the first N questions
  --json                print only the JSON summary (no table on stderr)
  --records <file>      also write one JSON record per question to this JSONL file`;

export interface EvalCliOptions {
  dataset: string;
  threshold?: number;
  limit?: number;
  json: boolean;
  records?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The api and worker this repository builds, booted as main.ts does (quietly, no metrics endpoint). */
/** Prints a usage error (stderr) and its JSON form (last stdout line) and gives exit code 2; rethrows other errors. */
export function reportUsageError(error: unknown, usage: string): number {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${usage}\n`);
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
  return 2;
}

export const evalProcesses: EvalProcesses = {
  createApi: (config: AppConfig): Promise<INestApplication> => createApiApp(config),
  createWorker: async (config: AppConfig): Promise<INestApplicationContext> => {
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await app.init();
    return app;
  },
};

export function parseEvalArguments(argv: string[]): EvalCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dataset: { type: 'string' },
        threshold: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        records: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.dataset) throw new UsageError('--dataset is required');
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(values.threshold?.trim() && threshold >= 0 && threshold <= 1)) {
    throw new UsageError(`--threshold must be a number between 0 and 1 (got "${values.threshold}")`);
  }
  const limit = parseLimit(values.limit);
  return { dataset: values.dataset, threshold, limit, json: values.json ?? false, records: values.records };
}

/** `--limit`: a positive integer, or absent. */
export function parseLimit(value: string | undefined): number | undefined {
  const limit = value === undefined ? undefined : Number(value);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`--limit must be a positive integer (got "${value}")`);
  }
  return limit;
}

/** Writes one JSON record per line to `path` (its folder made if missing) and says so on stderr. */
export async function writeRecords(path: string, records: readonly unknown[], tag: string): Promise<void> {
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  process.stderr.write(`${tag} ${records.length} records written to ${file}\n`);
}

async function main(argv: string[]): Promise<number> {
  let options: EvalCliOptions;
  try {
    options = parseEvalArguments(argv);
  } catch (error) {
    return reportUsageError(error, USAGE);
  }
  try {
    const run = await runEval({
      datasetDir: resolve(options.dataset),
      threshold: options.threshold,
      limit: options.limit,
      processes: evalProcesses,
      env: process.env,
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    if (options.records) await writeRecords(options.records, run.records, '[eval]');
    if (!options.json) process.stderr.write(`\n${formatEvalSummary(run.summary, run.dataset)}\n\n`);
    process.stdout.write(`${JSON.stringify(run.summary)}\n`);
    return 0;
  } catch (error) {
    // A bad dataset is the user's to fix: its message says all; anything else gets its stack.
    const detail = error instanceof EvalDatasetError ? error.message : error instanceof Error ? error.stack : undefined;
    process.stderr.write(`[eval] failed: ${detail ?? String(error)}\n`);
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
