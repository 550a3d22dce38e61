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

export interface SpawnedProcess {
  process: ChildProcess;
  /** Resolves when the process logs `startedMarker`. */
  started: Promise<void>;
  exited: Promise<number | null>;
}

/** Runs a TypeScript entry point of this repository as its own process with the test's variables. */
export function spawnTsProcess(
  entry: string,
  environment: TestEnvironment,
  overrides: Record<string, string>,
  startedMarker: string,
  nodeArgs: string[] = [],
): SpawnedProcess {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, entry)],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...environment.variables, LOG_LEVEL: 'info', ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      // Only the tail is kept: a long-running process logs a lot.
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(startedMarker)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.once('exit', (code) =>
      reject(new Error(`${entry} exited (${code}) before starting:\n${output.slice(-4000)}`)),
    );
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, started, exited };
}

export type SpawnedWorker = SpawnedProcess;

/** The real worker as its own process, for tests that kill it. */
export function spawnWorker(environment: TestEnvironment, overrides: Record<string, string> = {}): SpawnedWorker {
  return spawnTsProcess('apps/worker/src/main.ts', environment, overrides, 'worker started');
}

/** The real api as its own process on `port`, for load that must not share the test's event loop. */
export function spawnApi(
  environment: TestEnvironment,
  port: number,
  overrides: Record<string, string> = {},
  nodeArgs: string[] = [],
): SpawnedProcess {
  const spawned = spawnTsProcess(
    'apps/api/src/main.ts',
    environment,
    { HOST: '127.0.0.1', PORT: String(port), ...overrides },
    'Nest application successfully started',
    nodeArgs,
  );
  // Started means answering /health: the log line is not there when the api logs only warnings.
  const healthy = (async () => {
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  // Once healthy, the marker promise may still reject when the api is stopped; that is not a failure.
  spawned.started.catch(() => undefined);
  return { ...spawned, started: Promise.race([spawned.started, healthy]) };
}
