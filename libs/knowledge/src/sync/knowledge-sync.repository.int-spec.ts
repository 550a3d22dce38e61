import { TestingModule } from '@nestjs/testing';
import { KnowledgeSource, WorkspaceId } from '@switchboard/database';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { DocumentIntakeService } from '../intake/document-intake.service';
import { KnowledgeSourceRepository } from '../sources/knowledge-source.repository';
import { KnowledgeSourcesService } from '../sources/knowledge-sources.service';
import { createWorkspace, startKnowledgeModule } from '../testing/knowledge-test-module';
import { KnowledgeSyncRepository } from './knowledge-sync.repository';

describe('KnowledgeSyncRepository: sync progress SQL (real Postgres)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let syncs: KnowledgeSyncRepository;
  let sources: KnowledgeSourceRepository;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('syncrepo');
    moduleRef = await startKnowledgeModule(environment);
    syncs = moduleRef.get(KnowledgeSyncRepository);
    sources = moduleRef.get(KnowledgeSourceRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  /** A text source in a new workspace, with a running sync over `documents` new documents. */
  async function sourceWithSync(documents: string[]) {
    const workspaceId = await createWorkspace(moduleRef, `ws ${++sequence}`);
    const source = await moduleRef
      .get(KnowledgeSourcesService)
      .create(workspaceId, { name: 'FAQ', type: 'text', visibility: 'public' });
    const accepted = await moduleRef.get(DocumentIntakeService).accept(
      source,
      'text',
      documents.map((externalId) => ({
        externalId,
        title: externalId,
        mediaType: 'text/plain',
        content: Buffer.from(`About ${externalId}.`),
      })),
    );
    return { workspaceId, source, sync: accepted.sync, documentIds: accepted.documents.map(({ id }) => id) };
  }

  const syncOf = (workspaceId: WorkspaceId, id: string) => syncs.get(workspaceId, id);
  const sourceOf = async (workspaceId: WorkspaceId, source: KnowledgeSource) =>
    (await sources.findById(workspaceId, source.id))!;

  it("counts a document's outcome in its sync once, however often it is recorded", async () => {
    const { workspaceId, sync, documentIds } = await sourceWithSync(['a']);

    expect(await syncs.recordOutcome(documentIds[0], sync.id, 'indexed')).toBe(true);
    expect(await syncs.recordOutcome(documentIds[0], sync.id, 'indexed')).toBe(false);
    expect(await syncs.recordOutcome(documentIds[0], sync.id, 'failed')).toBe(false);

    expect(await syncOf(workspaceId, sync.id)).toMatchObject({ indexed: 1, failed: 0, skipped: 0 });
  });

  it('does not count an outcome for a sync that no longer holds the document', async () => {
    const { workspaceId, source, sync, documentIds } = await sourceWithSync(['a']);
    const newer = await moduleRef.get(DocumentIntakeService).resync(source, 'manual');

    expect(await syncs.recordOutcome(documentIds[0], sync.id, 'indexed')).toBe(false);

    expect(await syncOf(workspaceId, sync.id)).toMatchObject({ status: 'superseded', indexed: 0 });
    expect(await syncOf(workspaceId, newer.id)).toMatchObject({ status: 'running', indexed: 0 });
  });

  it('counts a document released from its running sync as skipped, unless it already had an outcome', async () => {
    const { workspaceId, sync, documentIds } = await sourceWithSync(['a', 'b']);
    await syncs.recordOutcome(documentIds[0], sync.id, 'indexed');

    await syncs.releaseDocument(documentIds[0]);
    await syncs.releaseDocument(documentIds[1]);

    expect(await syncOf(workspaceId, sync.id)).toMatchObject({ total: 2, indexed: 1, skipped: 1 });
  });

  it('starts a sync that supersedes the running ones, naming itself, stops their growth and shows the source syncing', async () => {
    const { workspaceId, source, sync } = await sourceWithSync(['a']);

    const newer = await syncs.start(workspaceId, { sourceId: source.id, trigger: 'manual', discovering: true });

    expect(await syncOf(workspaceId, sync.id)).toMatchObject({
      status: 'superseded',
      discovering: false,
      error: `superseded by sync ${newer.id}`,
    });
    expect(await syncs.isRunning(sync.id)).toBe(false);
    expect(await syncs.isRunning(newer.id)).toBe(true);
    expect(await syncs.growIfRunning(sync.id, 1)).toBe(false);
    expect(await syncs.growIfRunning(newer.id, 2)).toBe(true);
    expect(await syncOf(workspaceId, newer.id)).toMatchObject({ status: 'running', total: 2 });
    expect((await sourceOf(workspaceId, source)).status).toBe('syncing');
  });

  it('completes a sync only once discovery ended and every document has an outcome, and stamps the source', async () => {
    const { workspaceId, source, sync, documentIds } = await sourceWithSync(['a', 'b']);
    await syncs.recordOutcome(documentIds[0], sync.id, 'indexed');
    expect(await syncs.isReadyToComplete(sync.id)).toBe(false);
    expect(await syncs.completeIfReady(source.id, sync.id)).toBe(false);

    await syncs.recordOutcome(documentIds[1], sync.id, 'failed');
    expect(await syncs.isReadyToComplete(sync.id)).toBe(true);
    expect(await syncs.completeIfReady(source.id, sync.id)).toBe(true);
    expect(await syncs.completeIfReady(source.id, sync.id)).toBe(false);

    const completed = await syncOf(workspaceId, sync.id);
    expect(completed).toMatchObject({ status: 'completed', indexed: 1, failed: 1 });
    expect(await sourceOf(workspaceId, source)).toMatchObject({ status: 'idle', lastSyncedAt: completed.finishedAt });
  });

  it('waits for discovery before completing a crawl', async () => {
    const { workspaceId, source } = await sourceWithSync([]);
    const crawl = await syncs.start(workspaceId, { sourceId: source.id, trigger: 'schedule', discovering: true });
    expect(await syncs.completeIfReady(source.id, crawl.id)).toBe(false);

    await syncs.endDiscovery(crawl.id, 3);

    expect(await syncs.completeIfReady(source.id, crawl.id)).toBe(true);
    expect(await syncOf(workspaceId, crawl.id)).toMatchObject({ status: 'completed', discovering: false, deleted: 3 });
  });

  it('fails a running sync with its reason; the source shows failed only when none of its syncs runs', async () => {
    const { workspaceId, source, sync } = await sourceWithSync(['a']);
    const other = await syncs.create(workspaceId, { sourceId: source.id, trigger: 'manual' });

    expect(await syncs.fail(source.id, sync.id, 'the crawl broke')).toBe(true);
    expect((await sourceOf(workspaceId, source)).status).not.toBe('failed');
    expect(await syncs.fail(source.id, other.id, 'x'.repeat(3000))).toBe(true);
    expect(await syncs.fail(source.id, other.id, 'again')).toBe(false);

    expect(await syncOf(workspaceId, sync.id)).toMatchObject({ status: 'failed', error: 'the crawl broke' });
    expect((await syncOf(workspaceId, other.id)).error).toHaveLength(2000);
    expect((await sourceOf(workspaceId, source)).status).toBe('failed');
  });

  it('lists running syncs and the discovered ones of a source', async () => {
    const { workspaceId, source, sync } = await sourceWithSync(['a']);
    const crawl = await syncs.create(workspaceId, { sourceId: source.id, trigger: 'schedule', discovering: true });

    expect((await syncs.running()).map(({ id }) => id)).toEqual(expect.arrayContaining([sync.id, crawl.id]));
    expect(await syncs.discoveredRunningIds(source.id)).toEqual([sync.id]);
  });

  it('finds a sync only in its own workspace and source; ids that are no UUID find nothing', async () => {
    const mine = await sourceWithSync(['a']);
    const theirs = await sourceWithSync(['a']);

    expect(await syncs.findInSource(mine.workspaceId, mine.source.id, mine.sync.id)).toMatchObject({
      id: mine.sync.id,
    });
    expect(await syncs.findInSource(theirs.workspaceId, mine.source.id, mine.sync.id)).toBeNull();
    expect(await syncs.findInSource(mine.workspaceId, theirs.source.id, mine.sync.id)).toBeNull();
    expect(await syncs.findById(theirs.workspaceId, mine.sync.id)).toBeNull();
    expect(await syncs.findInSource(mine.workspaceId, mine.source.id, 'not-a-uuid')).toBeNull();
    expect(await syncs.listOfSource(theirs.workspaceId, mine.source.id, 10)).toEqual([]);
  });
});
