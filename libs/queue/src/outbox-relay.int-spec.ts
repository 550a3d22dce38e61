import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule, loadConfig } from '@switchboard/config';
import {
  DatabaseModule,
  OutboxEntry,
  WorkspaceId,
  asWorkspaceId,
  dataSourceOptions,
  ensureDatabase,
} from '@switchboard/database';
import { Job, Worker } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QueueProducer } from './queue-producer.service';
import { QueueUnavailableError } from './queue-unavailable.error';
import { QueueModule } from './queue.module';
import { ALL_QUEUE_NAMES, JobName, JobPayloads } from './queue.contract';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432';

/** A redis-server of our own that the test can SIGKILL and restart on the same port and data directory. */
class RedisServer {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(
      'redis-server',
      // appendfsync always: a job acknowledged to the relay is on disk before Redis can be killed.
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      const onOutput = (chunk: Buffer): void => {
        this.output = (this.output + chunk.toString()).slice(-10_000);
        if (this.output.includes('Ready to accept connections')) resolve();
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      child.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${this.output}`)),
      );
      child.once('error', reject);
    });
    await withDeadline(ready, 10_000, 'redis-server to start');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}

type OutboxJob = { [J in JobName]: { name: J; payload: JobPayloads[J] } }[JobName];

describe('OutboxRelay against real Postgres and a Redis that crashes', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const workspaceId: WorkspaceId = asWorkspaceId(randomUUID());
  const databaseName = `switchboard_test_outbox_${randomBytes(4).toString('hex')}`;

  let redisDir: string;
  let redis: RedisServer;
  let config: AppConfig;
  let dataSource: DataSource;
  let producer: QueueProducer;
  let repository: OutboxRepository;
  let outbox: OutboxService;
  let relay: OutboxRelay;
  let workers: Worker[] = [];
  /** Job id → how many times a worker ran it. */
  const processed = new Map<string, number>();
  const received = new Map<string, { name: string; data: unknown }>();

  const answer = (i: number): JobPayloads['answers.answer-message'] => ({
    workspaceId,
    conversationId: `conv-${i}`,
    messageId: `msg-${i}`,
  });
  // One job per queue and two on the same queue, in rotation; the relay treats every job name alike.
  const jobs: Array<(i: number) => OutboxJob> = [
    (i) => ({ name: 'knowledge.sync-source', payload: { workspaceId, sourceId: `source-${i}`, syncId: `sync-${i}` } }),
    (i) => ({
      name: 'knowledge.ingest-document',
      payload: { workspaceId, sourceId: 's', documentId: `doc-${i}`, syncId: 'y' },
    }),
    (i) => ({ name: 'answers.answer-message', payload: answer(i) }),
    (i) => ({
      name: 'outbound.deliver-message',
      payload: { workspaceId, conversationId: `conv-${i}`, messageId: `out-${i}` },
    }),
  ];
  const written = new Map<string, OutboxJob>();

  async function writeRow(): Promise<string> {
    const job = jobs[written.size % jobs.length](written.size);
    const id = await dataSource.transaction((manager) => outbox.add(manager, job.name, job.payload));
    written.set(id, job);
    return id;
  }

  async function writeRows(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await writeRow());
    return ids;
  }

  function startWorkers(): void {
    expect(workers).toEqual([]);
    workers = ALL_QUEUE_NAMES.map((queue) => {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const id = job.id ?? '';
          processed.set(id, (processed.get(id) ?? 0) + 1);
          received.set(id, { name: job.name, data: job.data });
        },
        {
          connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null },
          prefix: config.queue.prefix,
          concurrency: 4,
        },
      );
      worker.on('error', (error) => unhandled.push(error));
      return worker;
    });
  }

  async function stopWorkers(): Promise<void> {
    await Promise.all(workers.map((worker) => worker.close()));
    workers = [];
  }

  const rows = (ids: string[]): Promise<OutboxEntry[]> =>
    dataSource.getRepository(OutboxEntry).find({ where: { id: In(ids) }, order: { seq: 'ASC' } });

  const allSentAndProcessed = async (ids: string[]): Promise<boolean> =>
    (await rows(ids)).every((row) => row.sentAt !== null) && ids.every((id) => processed.has(id));

  const oldestUnsent = async (): Promise<OutboxEntry | undefined> => {
    const [row] = await dataSource
      .getRepository(OutboxEntry)
      .find({ where: { sentAt: IsNull() }, order: { seq: 'ASC' }, take: 1 });
    return row;
  };

  const progress = async (ids: string[]): Promise<string> => {
    const unsent = (await rows(ids)).filter((row) => row.sentAt === null);
    const unprocessed = ids.filter((id) => !processed.has(id)).length;
    return `(of ${ids.length}: ${unsent.length} unsent ${JSON.stringify(unsent[0] ?? null)}, ${unprocessed} unprocessed)`;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    process.on('unhandledRejection', onUnhandled);
    redisDir = await mkdtemp(join(tmpdir(), 'switchboard-outbox-redis-'));
    redis = new RedisServer(await freePort(), redisDir);
    await redis.start();

    const databaseUrl = `${POSTGRES_URL}/${databaseName}`;
    await ensureDatabase(databaseUrl);
    dataSource = await new DataSource(dataSourceOptions(databaseUrl, true)).initialize();

    config = loadConfig('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      OUTBOX_POLL_INTERVAL_MS: '20',
      OUTBOX_BATCH_SIZE: '5',
      LOG_LEVEL: 'silent',
    });
    producer = new QueueProducer(config);
    repository = new OutboxRepository(dataSource);
    outbox = new OutboxService(repository);
    relay = new OutboxRelay(repository, producer, config);
  });

  afterEach(async () => {
    await relay.stop();
    await stopWorkers();
  });

  afterAll(async () => {
    await producer?.close();
    await dataSource?.destroy();
    const admin = new Client({ connectionString: `${POSTGRES_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
    await redis?.kill();
    if (redisDir) await rm(redisDir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
  });

  it('refuses to write an outbox row outside a transaction', async () => {
    await expect(outbox.add(dataSource.manager, 'answers.answer-message', answer(0))).rejects.toThrow(
      /inside the transaction/,
    );
  });

  it('enqueues every row exactly once, in order, across a Redis SIGKILL and restart', async () => {
    startWorkers();
    const beforeCrash = await writeRows(12);
    relay.start();
    await waitFor(
      'the first rows to be relayed and processed',
      () => allSentAndProcessed(beforeCrash),
      () => progress(beforeCrash),
    );

    // BullMQ re-runs a job that was active when Redis died (at-least-once), so no job may be running at the kill.
    await stopWorkers();

    let redisDown = false;
    const writtenAfterKill: string[] = [];
    const writing = (async () => {
      const ids: string[] = [];
      while (!redisDown || writtenAfterKill.length < 10) {
        const id = await writeRow();
        ids.push(id);
        if (redisDown) writtenAfterKill.push(id);
      }
      return ids;
    })();
    await waitFor('the relay to send rows written during the run', async () => {
      const sent = await dataSource.getRepository(OutboxEntry).count({ where: { sentAt: Not(IsNull()) } });
      return sent >= beforeCrash.length + 3;
    });
    await redis.kill('SIGKILL');
    redisDown = true;
    const duringCrash = await writing;

    await waitFor('the relay to retry while Redis is down', async () => ((await oldestUnsent())?.attempts ?? 0) >= 3);
    expect((await rows(writtenAfterKill)).map((row) => row.sentAt)).toEqual(writtenAfterKill.map(() => null));
    expect((await oldestUnsent())?.lastError).toMatch(/Redis/);

    const started = Date.now();
    await expect(producer.enqueue('answers.answer-message', answer(0))).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);

    await redis.start();
    startWorkers();
    const everything = [...beforeCrash, ...duringCrash];
    await waitFor(
      'every row to be relayed and processed after the restart',
      () => allSentAndProcessed(everything),
      () => progress(everything),
    );

    expect([...processed.keys()].sort()).toEqual([...everything].sort());
    expect([...processed.values()].every((runs) => runs === 1)).toBe(true);
    for (const id of everything) {
      const job = written.get(id);
      expect(received.get(id)).toEqual({ name: job?.name, data: job?.payload });
    }
    // Sent in seq order: a row is never sent before an older one.
    const sentAt = (await rows(everything)).map((row) => row.sentAt?.getTime() ?? Infinity);
    expect(sentAt).toEqual([...sentAt].sort((a, b) => a - b));
    expect(unhandled).toEqual([]);
  });

  it('ignores a row relayed a second time (a relay that died before marking it sent)', async () => {
    startWorkers();
    const ids = await writeRows(4);
    const secondRelay = new OutboxRelay(repository, producer, config);
    expect(await secondRelay.relayOnce()).toBe(4);
    await waitFor(
      'the rows to be processed',
      () => allSentAndProcessed(ids),
      () => progress(ids),
    );
    await stopWorkers();

    await dataSource.getRepository(OutboxEntry).update({ id: In(ids) }, { sentAt: null });
    expect(await secondRelay.relayOnce()).toBe(4);

    // With no worker running, a job BullMQ had accepted as new would still be waiting.
    const counts = await producer.counts();
    for (const queue of ALL_QUEUE_NAMES)
      expect(counts[queue]).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(ids.map((id) => processed.get(id))).toEqual([1, 1, 1, 1]);
  });

  it('runs the relay from bootstrap to shutdown in a process that imports QueueModule.forRoot({ relay: true })', async () => {
    const app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot('worker', config), DatabaseModule, QueueModule.forRoot({ relay: true })],
    }).compile();
    await app.init();
    try {
      const appDataSource = app.get(DataSource);
      const appOutbox = app.get(OutboxService);
      const id = await appDataSource.transaction((manager) =>
        appOutbox.add(manager, 'answers.answer-message', answer(1)),
      );
      await waitFor('the module-owned relay to send the row', async () => (await rows([id]))[0]?.sentAt !== null);
    } finally {
      await app.close();
    }
  });
});

async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  state: () => Promise<string> | string = () => '',
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} ${await state()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
