import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TestEnvironment } from './test-environment';

const ROOT = join(__dirname, '..', '..');

/** The real worker (queue processors, outbox relay) in this process. */
export async function startWorker(environment: TestEnvironment): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(environment.config('worker')), {
    logger: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

export interface SpawnedWorker {
  process: ChildProcess;
  /** Resolves when the worker logs that it started. */
  started: Promise<void>;
  exited: Promise<number | null>;
}

/** The real worker as its own process, for tests that kill it. */
export function spawnWorker(environment: TestEnvironment, overrides: Record<string, string> = {}): SpawnedWorker {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/worker/src/main.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...environment.variables, LOG_LEVEL: 'info', ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output.slice(-4000)}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, started, exited };
}
