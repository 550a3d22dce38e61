import { createWorkspace, startKnowledgeModule } from '../testing/knowledge-test-module';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { KnowledgeSource, KnowledgeSync, WorkspaceId } from '@switchboard/database';
import { QueueProducer } from '@switchboard/queue';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { DocumentIngestionService } from '../ingestion/document-ingestion.service';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSourcesService } from '../sources/knowledge-sources.service';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';
import { SyncWatchdog, WatchdogSweepResult } from './sync-watchdog.service';

const STALLED_AFTER_MS = 60_000;
/** Only Date is faked: timers, ticks and I/O run for real, so Postgres and Redis answer as usual. */
const ONLY_DATE: NonNullable<Parameters<typeof jest.useFakeTimers>[0]> = {
  doNotFake: [
    'hrtime',
    'nextTick',
    'performance',
    'queueMicrotask',
    'setImmediate',
    'clearImmediate',
    'setInterval',
    'clearInterval',
    'setTimeout',
    'clearTimeout',
  ],
};

describe('sync watchdog (real Postgres, Redis, LanceDB)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let watchdog: SyncWatchdog;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('watchdog');
    moduleRef = await startKnowledgeModule(environment);
    dataSource = moduleRef.get(getDataSourceToken());
    watchdog = moduleRef.get(SyncWatchdog);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  /** A text source with one document whose ingestion job sits unsent in the outbox. */
  async function runningSync(): Promise<{
    workspaceId: WorkspaceId;
    source: KnowledgeSource;
    sync: KnowledgeSync;
    documentId: string;
  }> {
    const workspaceId = await createWorkspace(moduleRef, `ws ${++sequence}`);
    const source = await moduleRef
      .get(KnowledgeSourcesService)
      .create(workspaceId, { name: 'FAQ', type: 'text', visibility: 'public' });
    const { sync, documents } = await moduleRef
      .get(DocumentIntakeService)
      .accept(source, 'text', [
        { externalId: 'a', title: 'Opening hours', mediaType: 'text/plain', content: Buffer.from('We open at nine.') },
      ]);
    return { workspaceId, source, sync, documentId: documents[0].id };
  }

  /** The relay sent the jobs, and then they were lost (the outbox is the queue lib's table: only a test edits it). */
  async function loseOutboxJobs(syncId: string): Promise<void> {
    await dataSource.query(`UPDATE outbox SET "sentAt" = now() WHERE payload->>'syncId' = $1`, [syncId]);
  }

  /** Sweeps as if the clock had moved on by twice the stall time: every sync made no progress since. */
  async function sweepLater(): Promise<WatchdogSweepResult> {
    jest.useFakeTimers({ ...ONLY_DATE, now: Date.now() + 2 * STALLED_AFTER_MS });
    try {
      return await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });
    } finally {
      jest.useRealTimers();
    }
  }

  const syncRow = (workspaceId: WorkspaceId, id: string) => moduleRef.get(KnowledgeSyncRepository).get(workspaceId, id);
  const sourceRow = (workspaceId: WorkspaceId, id: string) =>
    moduleRef.get(KnowledgeSourcesService).get(workspaceId, id);

  it('fails a stalled sync whose jobs are gone, naming why, and marks the source failed', async () => {
    const { workspaceId, source, sync } = await runningSync();
    await loseOutboxJobs(sync.id);

    const result = await sweepLater();

    expect(result.failed).toContain(sync.id);
    const failed = await syncRow(workspaceId, sync.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('1 document(s) never got an outcome and no job is left to process them.');
    expect(failed.finishedAt).not.toBeNull();
    expect((await sourceRow(workspaceId, source.id))?.status).toBe('failed');
  });

  it('leaves a stalled sync alone while its job waits in the outbox or in the queue', async () => {
    const inOutbox = await runningSync();
    const inQueue = await runningSync();
    await loseOutboxJobs(inQueue.sync.id);
    await moduleRef.get(QueueProducer).enqueue('knowledge.ingest-document', {
      workspaceId: inQueue.workspaceId,
      sourceId: inQueue.source.id,
      documentId: inQueue.documentId,
      syncId: inQueue.sync.id,
    });

    const result = await sweepLater();

    expect(result.failed).not.toContain(inOutbox.sync.id);
    expect(result.failed).not.toContain(inQueue.sync.id);
    expect((await syncRow(inOutbox.workspaceId, inOutbox.sync.id)).status).toBe('running');
    expect((await syncRow(inQueue.workspaceId, inQueue.sync.id)).status).toBe('running');
  });

  it('leaves a sync without jobs alone until it has made no progress for the stall time', async () => {
    const { workspaceId, sync } = await runningSync();
    await loseOutboxJobs(sync.id);

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.failed).not.toContain(sync.id);
    expect((await syncRow(workspaceId, sync.id)).status).toBe('running');
  });

  it('completes a sync whose documents all have outcomes but whose finishing step was lost', async () => {
    const { workspaceId, source, sync, documentId } = await runningSync();
    await loseOutboxJobs(sync.id);
    // The ingest job ran and then the worker died before finishing the sync.
    await moduleRef
      .get(DocumentIngestionService)
      .ingest({ workspaceId, sourceId: source.id, documentId, syncId: sync.id }, false);
    expect((await syncRow(workspaceId, sync.id)).status).toBe('running');

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.completed).toContain(sync.id);
    const completed = await syncRow(workspaceId, sync.id);
    expect(completed).toMatchObject({ status: 'completed', indexed: 1 });
    expect((await sourceRow(workspaceId, source.id))?.lastSyncedAt).toEqual(completed.finishedAt);
  });
});
