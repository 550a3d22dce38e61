import { Worker } from 'node:worker_threads';

import { DocumentParseError } from './document-parse.error';

export const DEFAULT_EXTRACTION_TIMEOUT_MS = 60_000;
export const DEFAULT_EXTRACTION_HEAP_MB = 1024;

export interface ExtractionJob {
  /** CommonJS source run in the worker; it reads `workerData` and posts one {@link WorkerReply}. */
  source: string;
  workerData: Record<string, unknown>;
  /** Describes the format in error messages, e.g. "PDF". */
  format: string;
  fileName?: string;
  timeoutMs?: number;
  /** Old-generation heap cap for the worker; past it the worker dies alone, not the process. */
  maxHeapMb?: number;
  /** Turns the extractor's error into a message for the user, e.g. a password prompt into "encrypted". */
  describeError?: (name: string, message: string) => string;
}

type WorkerReply = { ok: true; value: unknown } | { ok: false; name: string; message: string };

/** Posts the async body's result, or its error's name and message, to the parent. */
export function workerScript(body: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
(async () => { ${body} })().then(
  (value) => parentPort.postMessage({ ok: true, value }),
  (error) => parentPort.postMessage({ ok: false, name: String(error && error.name || 'Error'), message: String(error && error.message || error) }),
);`;
}

/**
 * Runs a third-party extractor in a worker thread: a malformed file that loops, recurses or
 * inflates can be stopped by a timeout and a heap cap without taking the process down; it also
 * runs ESM-only code (unpdf's PDF.js) from CommonJS, where Jest's module sandbox cannot.
 */
export async function runExtractionWorker(job: ExtractionJob): Promise<unknown> {
  const timeoutMs = job.timeoutMs ?? DEFAULT_EXTRACTION_TIMEOUT_MS;
  const worker = new Worker(job.source, {
    eval: true,
    workerData: job.workerData,
    resourceLimits: { maxOldGenerationSizeMb: job.maxHeapMb ?? DEFAULT_EXTRACTION_HEAP_MB },
  });

  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    const fail = (message: string, cause?: unknown): void =>
      reject(new DocumentParseError(`${job.format}: ${message}`, job.fileName, { cause }));
    const timer = setTimeout(() => fail(`extraction timed out after ${timeoutMs} ms`), timeoutMs);
    const settle = (): void => clearTimeout(timer);
    worker.once('message', (message: unknown) => {
      settle();
      if (isWorkerReply(message)) resolve(message);
      else fail('the extraction worker sent an unexpected reply');
    });
    worker.once('error', (error: Error) => {
      settle();
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      fail(outOfMemory ? 'extraction ran out of memory' : `extraction failed: ${error.message}`, error);
    });
    worker.once('exit', (code) => {
      settle();
      fail(`the extraction worker exited early (code ${code})`);
    });
  }).finally(() => void worker.terminate());

  if (!reply.ok) {
    const message = job.describeError?.(reply.name, reply.message) ?? reply.message;
    throw new DocumentParseError(`${job.format}: ${message}`, job.fileName, {
      cause: Object.assign(new Error(reply.message), { name: reply.name }),
    });
  }
  return reply.value;
}

function isWorkerReply(message: unknown): message is WorkerReply {
  if (typeof message !== 'object' || message === null || !('ok' in message)) return false;
  if (message.ok === true) return 'value' in message;
  return (
    message.ok === false &&
    'message' in message &&
    typeof message.message === 'string' &&
    'name' in message &&
    typeof message.name === 'string'
  );
}
