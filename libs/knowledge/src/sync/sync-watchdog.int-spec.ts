import { startKnowledgeModule } from '../testing/knowledge-test-module';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  DEFAULT_WORKSPACE_SETTINGS,
  KnowledgeSource,
  KnowledgeSync,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { QueueProducer } from '@switchboard/queue';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { DocumentIngestionService } from '../ingestion/document-ingestion.service';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSourcesService } from '../sources/knowledge-sources.service';
import { SyncWatchdog } from './sync-watchdog.service';

const STALLED_AFTER_MS = 60_000;

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
    const workspace = await dataSource
      .getRepository(Workspace)
      .save({ name: `ws ${++sequence}`, settings: DEFAULT_WORKSPACE_SETTINGS });
    const workspaceId = asWorkspaceId(workspace.id);
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

  async function loseOutboxJobs(syncId: string): Promise<void> {
    await dataSource.query(`UPDATE outbox SET "sentAt" = now() WHERE payload->>'syncId' = $1`, [syncId]);
  }

  async function stall(syncId: string): Promise<void> {
    await dataSource.query(`UPDATE knowledge_syncs SET "updatedAt" = now() - make_interval(secs => $2) WHERE id = $1`, [
      syncId,
      (2 * STALLED_AFTER_MS) / 1000,
    ]);
  }

  const syncRow = (id: string) => dataSource.getRepository(KnowledgeSync).findOneByOrFail({ id });

  it('fails a stalled sync whose jobs are gone, naming why, and marks the source failed', async () => {
    const { source, sync } = await runningSync();
    await loseOutboxJobs(sync.id);
    await stall(sync.id);

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.failed).toContain(sync.id);
    const failed = await syncRow(sync.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('1 document(s) never got an outcome and no job is left to process them.');
    expect(failed.finishedAt).not.toBeNull();
    expect((await dataSource.getRepository(KnowledgeSource).findOneByOrFail({ id: source.id })).status).toBe('failed');
  });

  it('leaves a stalled sync alone while its job waits in the outbox or in the queue', async () => {
    const inOutbox = await runningSync();
    await stall(inOutbox.sync.id);
    const inQueue = await runningSync();
    await loseOutboxJobs(inQueue.sync.id);
    await moduleRef.get(QueueProducer).enqueue('knowledge.ingest-document', {
      workspaceId: inQueue.workspaceId,
      sourceId: inQueue.source.id,
      documentId: inQueue.documentId,
      syncId: inQueue.sync.id,
    });
    await stall(inQueue.sync.id);

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.failed).not.toContain(inOutbox.sync.id);
    expect(result.failed).not.toContain(inQueue.sync.id);
    expect((await syncRow(inOutbox.sync.id)).status).toBe('running');
    expect((await syncRow(inQueue.sync.id)).status).toBe('running');
  });

  it('leaves a sync without jobs alone until it has made no progress for the stall time', async () => {
    const { sync } = await runningSync();
    await loseOutboxJobs(sync.id);

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.failed).not.toContain(sync.id);
    expect((await syncRow(sync.id)).status).toBe('running');
  });

  it('completes a sync whose documents all have outcomes but whose finishing step was lost', async () => {
    const { workspaceId, source, sync, documentId } = await runningSync();
    await loseOutboxJobs(sync.id);
    // The ingest job ran and then the worker died before finishing the sync.
    await moduleRef
      .get(DocumentIngestionService)
      .ingest({ workspaceId, sourceId: source.id, documentId, syncId: sync.id }, false);
    expect((await syncRow(sync.id)).status).toBe('running');

    const result = await watchdog.sweep({ stalledAfterMs: STALLED_AFTER_MS });

    expect(result.completed).toContain(sync.id);
    const completed = await syncRow(sync.id);
    expect(completed).toMatchObject({ status: 'completed', indexed: 1 });
    const stamped = await dataSource.getRepository(KnowledgeSource).findOneByOrFail({ id: source.id });
    expect(stamped.lastSyncedAt).toEqual(completed.finishedAt);
  });
});
