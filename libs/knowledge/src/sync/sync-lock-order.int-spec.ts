import { createWorkspace, startKnowledgeModule } from '../testing/knowledge-test-module';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ChunkRecord, LanceDbVectorStore, VectorStore } from '@switchboard/vector-store';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { eventually } from '../../../../test/support/eventually';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { DocumentIngestionService } from '../ingestion/document-ingestion.service';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSourcesService } from '../sources/knowledge-sources.service';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';

/** A real LanceDB store whose next upsert waits for the test: the ingest is then inside its write transaction. */
class GatedUpsertStore extends LanceDbVectorStore {
  private gate: { entered: () => void; released: Promise<void> } | null = null;

  hold(): { entered: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gate = { entered, released };
    return { entered: enteredPromise, release };
  }

  override async upsert(workspaceId: Parameters<VectorStore['upsert']>[0], chunks: ChunkRecord[]): Promise<void> {
    const gate = this.gate;
    if (gate) {
      this.gate = null;
      gate.entered();
      await gate.released;
    }
    return super.upsert(workspaceId, chunks);
  }
}

describe('sync lock order: a re-sync and an ingest job of the running sync never deadlock (real Postgres)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let store: GatedUpsertStore;

  beforeAll(async () => {
    environment = await createTestEnvironment('lockorder');
    store = new GatedUpsertStore(join(environment.dataDir, 'vectors'));
    await store.open({ model: 'fixed-8', dimension: 8 });
    moduleRef = await startKnowledgeModule(environment, { store });
    dataSource = moduleRef.get(getDataSourceToken());
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  /** Sessions of this test's database waiting on a row lock (pg_stat_activity: Postgres's own view, no table). */
  async function waitingOnLocks(): Promise<number> {
    const [{ count }] = await dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(count);
  }

  it('lets the ingest finish its write and the re-sync take over after it, both committing', async () => {
    const workspaceId = await createWorkspace(moduleRef, 'Locks');
    const sources = moduleRef.get(KnowledgeSourcesService);
    const source = await sources.create(workspaceId, { name: 'FAQ', type: 'text', visibility: 'public' });
    const { sync: first, documents } = await moduleRef.get(DocumentIntakeService).accept(source, 'text', [
      { externalId: 'a', title: 'Hours', mediaType: 'text/plain', content: Buffer.from('We open at nine daily.') },
      { externalId: 'b', title: 'Parking', mediaType: 'text/plain', content: Buffer.from('Parking is free.') },
    ]);

    const gate = store.hold();
    const ingest = moduleRef
      .get(DocumentIngestionService)
      .ingest({ workspaceId, sourceId: source.id, documentId: documents[0].id, syncId: first.id }, false);
    await gate.entered; // holds document a's row, about to write chunks and then count its outcome in the sync
    const resync = sources.startSync(workspaceId, source.id);
    await eventually(async () => (await waitingOnLocks()) >= 1, { what: 'the re-sync to wait for the document row' });
    gate.release();

    // With sync rows locked before document rows, or the source row locked against the documents' foreign-key
    // checks (FOR UPDATE instead of FOR NO KEY UPDATE), Postgres aborts one of the two: "deadlock detected".
    const [ingested, newer] = await Promise.all([ingest, resync]);
    expect(ingested).toMatchObject({ outcome: 'indexed' });
    const syncs = moduleRef.get(KnowledgeSyncRepository);
    expect(await syncs.findById(workspaceId, first.id)).toMatchObject({
      status: 'superseded',
      error: `superseded by sync ${newer!.id}`,
      indexed: 1,
    });
    expect(await syncs.findById(workspaceId, newer!.id)).toMatchObject({ status: 'running', total: 2 });
  });
});
