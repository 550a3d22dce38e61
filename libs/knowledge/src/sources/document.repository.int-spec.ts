import { TestingModule } from '@nestjs/testing';
import { KnowledgeSource, WorkspaceId } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { createWorkspace, startKnowledgeModule } from '../testing/knowledge-test-module';
import { KnowledgeSyncRepository } from '../sync/knowledge-sync.repository';
import { DocumentRepository } from './document.repository';
import { KnowledgeSourceRepository } from './knowledge-source.repository';
import { KnowledgeSourcesService } from './knowledge-sources.service';

describe('DocumentRepository: versions, fetch failures, tenant scope and the advisory lock (real Postgres)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let documents: DocumentRepository;
  let syncs: KnowledgeSyncRepository;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('docrepo');
    moduleRef = await startKnowledgeModule(environment);
    documents = moduleRef.get(DocumentRepository);
    syncs = moduleRef.get(KnowledgeSyncRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  /** A source in a new workspace with a running sync to record versions in. */
  async function sourceWithSync(): Promise<{ workspaceId: WorkspaceId; source: KnowledgeSource; syncId: string }> {
    const workspaceId = await createWorkspace(moduleRef, `ws ${++sequence}`);
    const source = await moduleRef
      .get(KnowledgeSourcesService)
      .create(workspaceId, { name: 'Docs', type: 'upload', visibility: 'internal' });
    const sync = await syncs.create(workspaceId, { sourceId: source.id, trigger: 'upload' });
    return { workspaceId, source, syncId: sync.id };
  }

  const version = (externalId: string, title?: string) => ({
    id: randomUUID(),
    externalId,
    title,
    url: null,
    mediaType: 'text/markdown',
    sizeBytes: 10,
  });

  it("upserts a version by source and external id, keeping the parser's title when none is given", async () => {
    const { workspaceId, source, syncId } = await sourceWithSync();
    const first = version('guide.md', 'Guide');
    await documents.upsertVersion(source, syncId, first);
    await documents.markIndexed(first.id, {
      title: 'Parsed guide',
      contentHash: 'h',
      chunkCount: 2,
      embeddingModel: 'm',
    });

    await documents.upsertVersion(source, syncId, { ...version('guide.md'), id: first.id, sizeBytes: 20 });
    expect(await documents.findInSource(workspaceId, source.id, first.id)).toMatchObject({
      title: 'Parsed guide',
      sizeBytes: 20,
      visibility: 'internal',
      lastSyncId: syncId,
      syncOutcome: null,
      version: 1,
    });

    await documents.upsertVersion(source, syncId, { ...version('guide.md', 'Renamed'), id: first.id });
    expect(await documents.findInSource(workspaceId, source.id, first.id)).toMatchObject({ title: 'Renamed' });
    expect(await documents.listInSource(workspaceId, source.id, 10, 0)).toHaveLength(1);
  });

  it('lists a page that never fetched once, as a failed document with the error', async () => {
    const { workspaceId, source, syncId } = await sourceWithSync();
    const url = 'https://example.com/missing';

    const id = await documents.insertFetchFailure(source, syncId, url, 'HTTP 404');
    expect(await documents.insertFetchFailure(source, syncId, url, 'HTTP 500')).toBe(id);

    const listed = await documents.listInSource(workspaceId, source.id, 10, 0);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, externalId: url, title: url, status: 'failed', error: 'HTTP 404' });
  });

  it('finds, lists and deletes documents only in their own workspace', async () => {
    const mine = await sourceWithSync();
    const theirs = await sourceWithSync();
    const document = version('a.md', 'A');
    await documents.upsertVersion(mine.source, mine.syncId, document);
    await documents.markFailed(document.id, 'bad file');
    await syncs.recordOutcome(document.id, mine.syncId, 'failed');

    expect(await documents.findInSource(theirs.workspaceId, mine.source.id, document.id)).toBeNull();
    expect(await documents.findInSource(mine.workspaceId, mine.source.id, 'not-a-uuid')).toBeNull();
    expect(await documents.listInSource(theirs.workspaceId, mine.source.id, 10, 0)).toEqual([]);
    expect(await documents.failedInSync(theirs.workspaceId, mine.syncId, 10)).toEqual([]);
    expect(await documents.failedInSync(mine.workspaceId, mine.syncId, 10)).toMatchObject([{ error: 'bad file' }]);
    expect(await documents.delete(theirs.workspaceId, document.id)).toBe(false);
    expect(await documents.delete(mine.workspaceId, document.id)).toBe(true);
  });

  it('finds the ids of known external ids, the others of a source, and locks all of a source in id order', async () => {
    const { workspaceId, source, syncId } = await sourceWithSync();
    const written = [version('a.md'), version('b.md'), version('c.md')];
    for (const document of written) await documents.upsertVersion(source, syncId, document);

    const ids = await documents.idsByExternalId(workspaceId, source.id, ['a.md', 'z.md']);
    expect([...ids]).toEqual([['a.md', written[0].id]]);
    expect((await documents.others(workspaceId, source.id, ['a.md'])).map(({ id }) => id).sort()).toEqual(
      [written[1].id, written[2].id].sort(),
    );
    expect(await documents.others(workspaceId, source.id, [])).toHaveLength(3);
    const locked = await moduleRef
      .get(KnowledgeSourceRepository)
      .transaction((manager) => documents.withManager(manager).lockAllOfSource(workspaceId, source.id));
    expect(locked).toEqual(written.map(({ id }) => id).sort());
  });

  it('lists the sources whose indexed documents another embedding model made', async () => {
    const { workspaceId, source, syncId } = await sourceWithSync();
    const document = version('old.md', 'Old');
    await documents.upsertVersion(source, syncId, document);
    await documents.markIndexed(document.id, { title: 'Old', contentHash: 'h', chunkCount: 1, embeddingModel: 'old' });

    expect(await documents.sourcesEmbeddedByOtherModels('new')).toContainEqual({ workspaceId, sourceId: source.id });
    expect(await documents.sourcesEmbeddedByOtherModels('old')).not.toContainEqual({
      workspaceId,
      sourceId: source.id,
    });
  });

  it('runs work under the advisory lock in one process at a time, and releases it afterwards', async () => {
    const key = 918_273_645;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = documents.whileHoldingAdvisoryLock(key, async () => {
      entered();
      await held;
    });
    await inside;

    const ran: string[] = [];
    expect(await documents.whileHoldingAdvisoryLock(key, async () => void ran.push('second'))).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await documents.whileHoldingAdvisoryLock(key, async () => void ran.push('third'))).toBe(true);
    expect(ran).toEqual(['third']);
  });
});
