import { createWorkspace, startKnowledgeModule } from '../testing/knowledge-test-module';
import { TestingModule } from '@nestjs/testing';
import { KnowledgeSource, WorkspaceId } from '@switchboard/database';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { Embedder } from '../embedding';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { DocumentRepository } from '../sources/document.repository';
import { KnowledgeDocumentsService } from '../sources/knowledge-documents.service';
import { KnowledgeSourcesService } from '../sources/knowledge-sources.service';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { SyncFinisher } from '../sync/sync-finisher.service';
import { DocumentIngestionService } from './document-ingestion.service';

/** An embedder the test can stop inside embed(): the ingest has passed its existence check by then. */
class GatedEmbedder implements Embedder {
  readonly model = 'gated-8';
  readonly dimension = 8;
  private gate: { entered: () => void; release: Promise<void> } | null = null;

  /** The next embed() call waits until `release` is called; `entered` resolves when it is waiting. */
  hold(): { entered: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gate = { entered, release: released };
    return { entered: enteredPromise, release };
  }

  async embed(texts: string[]): Promise<number[][]> {
    const gate = this.gate;
    if (gate) {
      this.gate = null;
      gate.entered();
      await gate.release;
    }
    return texts.map((text) => Array.from({ length: 8 }, (_, i) => (i === text.length % 8 ? 1 : 0.1)));
  }

  async close(): Promise<void> {}
}

describe('document ingestion against purges, takeovers and completion (real Postgres, LanceDB)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let embedder: GatedEmbedder;
  let store: VectorStore;
  let ingestion: DocumentIngestionService;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('ingestrace');
    embedder = new GatedEmbedder();
    moduleRef = await startKnowledgeModule(environment, { embedder });
    store = moduleRef.get(VECTOR_STORE);
    ingestion = moduleRef.get(DocumentIngestionService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function textSource(): Promise<{ workspaceId: WorkspaceId; source: KnowledgeSource }> {
    const workspaceId = await createWorkspace(moduleRef, `ws ${++sequence}`);
    const source = await moduleRef
      .get(KnowledgeSourcesService)
      .create(workspaceId, { name: 'FAQ', type: 'text', visibility: 'public' });
    return { workspaceId, source };
  }

  async function addDocument(source: KnowledgeSource, externalId: string): Promise<{ id: string; syncId: string }> {
    const result = await moduleRef.get(DocumentIntakeService).accept(source, 'text', [
      {
        externalId,
        title: `Article ${externalId}`,
        mediaType: 'text/plain',
        content: Buffer.from(`Article ${externalId} explains the ${externalId} feature. It is useful.`),
      },
    ]);
    return { id: result.documents[0].id, syncId: result.sync.id };
  }

  const chunksOf = (workspaceId: WorkspaceId, documentId: string) =>
    store.count(workspaceId, { documentIds: [documentId] });

  it('writes no chunk for a document purged after the ingest passed its existence check', async () => {
    const { workspaceId, source } = await textSource();
    const document = await addDocument(source, 'orphan');
    const gate = embedder.hold();
    const ingest = ingestion.ingest(
      { workspaceId, sourceId: source.id, documentId: document.id, syncId: document.syncId },
      false,
    );
    await gate.entered; // the ingest found the document and is now embedding

    expect(await moduleRef.get(KnowledgeDocumentsService).deleteDocument(workspaceId, source.id, document.id)).toBe(
      true,
    );
    await store.deleteByDocument(workspaceId, document.id); // what the purge-document job does
    gate.release();

    await expect(ingest).resolves.toMatchObject({ outcome: 'stale', chunks: 0 });
    expect(await chunksOf(workspaceId, document.id)).toBe(0);
  });

  it('writes no chunk for a version a newer sync took over, and the older sync ends superseded', async () => {
    const { workspaceId, source } = await textSource();
    const document = await addDocument(source, 'takeover');
    const gate = embedder.hold();
    const stale = ingestion.ingest(
      { workspaceId, sourceId: source.id, documentId: document.id, syncId: document.syncId },
      false,
    );
    await gate.entered;

    const newer = await moduleRef.get(KnowledgeSourcesService).startSync(workspaceId, source.id);
    gate.release();
    await expect(stale).resolves.toMatchObject({ outcome: 'stale' });
    expect(await chunksOf(workspaceId, document.id)).toBe(0);
    const older = await moduleRef.get(KnowledgeSyncRepository).findById(workspaceId, document.syncId);
    expect(older).toMatchObject({ status: 'superseded', error: `superseded by sync ${newer!.id}` });

    await expect(
      ingestion.ingest({ workspaceId, sourceId: source.id, documentId: document.id, syncId: newer!.id }, false),
    ).resolves.toMatchObject({ outcome: 'indexed' });
    expect(await chunksOf(workspaceId, document.id)).toBeGreaterThan(0);
  });

  it('completes a sync only through the finisher, and stamps the source lastSyncedAt with its end', async () => {
    const { workspaceId, source } = await textSource();
    const document = await addDocument(source, 'stamp');
    await ingestion.ingest(
      { workspaceId, sourceId: source.id, documentId: document.id, syncId: document.syncId },
      false,
    );
    const syncs = moduleRef.get(KnowledgeSyncRepository);
    expect(await syncs.findById(workspaceId, document.syncId)).toMatchObject({ status: 'running', indexed: 1 });

    expect(await moduleRef.get(SyncFinisher).finish(workspaceId, source.id, document.syncId)).toBe(true);
    const sync = await syncs.get(workspaceId, document.syncId);
    expect(sync.status).toBe('completed');
    const stamped = await moduleRef.get(KnowledgeSourcesService).get(workspaceId, source.id);
    expect(stamped?.lastSyncedAt).toEqual(sync.finishedAt);
    expect(stamped?.status).toBe('idle');
    const documents = moduleRef.get(DocumentRepository);
    expect(await documents.findInSource(workspaceId, source.id, document.id)).toMatchObject({
      status: 'indexed',
      syncOutcome: 'indexed',
    });
  });
});
