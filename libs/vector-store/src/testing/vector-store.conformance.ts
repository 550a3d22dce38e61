import { randomUUID } from 'node:crypto';
import { RRF_K, cosineSimilarity } from '../fusion';
import { ChunkRecord, EmbeddingSpace, SearchHit, SearchQuery, VectorStore } from '../vector-store.port';
import { axisVector, blendVector, fakeChunk, fakeDocumentChunks, newWorkspaceId, storedChunk } from './fake-chunks';

export interface VectorStoreFixture {
  /** A store that has not been opened yet; the suite opens it with the space it passed to the factory. */
  store: VectorStore;
  /** Removes whatever the factory created (directory, collection). The suite calls `store.close()` first. */
  cleanup(): Promise<void>;
}

/** Called with the embedding space the suite will open, so cleanup can drop exactly that collection. */
export type VectorStoreFactory = (space: EmbeddingSpace) => Promise<VectorStoreFixture>;

export const CONFORMANCE_DIMENSION = 8;

const D = CONFORMANCE_DIMENSION;
const axis = (index: number): number[] => axisVector(D, index);

/**
 * The behaviour every VectorStore adapter must show. Each test works in its own random workspace,
 * so tests share one opened store without seeing each other's chunks.
 */
export function describeVectorStoreConformance(name: string, factory: VectorStoreFactory): void {
  describe(`VectorStore conformance: ${name}`, () => {
    const space: EmbeddingSpace = { model: `conformance-${randomUUID().slice(0, 8)}`, dimension: D };
    let fixture: VectorStoreFixture | undefined;

    const store = (): VectorStore => {
      if (!fixture) throw new Error('the conformance fixture was not created');
      return fixture.store;
    };
    const chunk = (workspaceId: string, overrides: Partial<ChunkRecord> = {}): ChunkRecord =>
      fakeChunk({ dimension: D, workspaceId, ...overrides });
    const search = (query: Partial<SearchQuery> & Pick<SearchQuery, 'workspaceId'>): Promise<SearchHit[]> =>
      store().search({ text: '', vector: axis(0), limit: 10, ...query });
    const lexicalHitIds = (hits: SearchHit[]): string[] =>
      hits.filter((hit) => hit.lexicalRank !== null).map((hit) => hit.chunk.id);

    beforeAll(async () => {
      fixture = await factory(space);
      await fixture.store.open(space);
    });

    afterAll(async () => {
      if (!fixture) return;
      try {
        await fixture.store.close();
      } finally {
        await fixture.cleanup();
      }
    });

    describe('open', () => {
      it('creates the collection and is idempotent', async () => {
        const ownSpace: EmbeddingSpace = { model: `${space.model}-open`, dimension: D };
        const own = await factory(ownSpace);
        try {
          await own.store.open(ownSpace);
          await own.store.open(ownSpace);
          const ws = newWorkspaceId();
          await own.store.upsert(ws, [chunk(ws), chunk(ws)]);
          await own.store.open(ownSpace);
          expect(await own.store.count(ws)).toBe(2);
        } finally {
          await own.store.close();
          await own.cleanup();
        }
      });
    });

    describe('writes', () => {
      it('counts what was upserted, per workspace', async () => {
        const ws = newWorkspaceId();
        await store().upsert(ws, [chunk(ws), chunk(ws), chunk(ws)]);
        expect(await store().count(ws)).toBe(3);
        expect(await store().count(newWorkspaceId())).toBe(0);
      });

      it('treats an empty upsert as a no-op', async () => {
        const ws = newWorkspaceId();
        await store().upsert(ws, []);
        expect(await store().count(ws)).toBe(0);
      });

      it('re-upserting the same ids replaces the chunks instead of duplicating them', async () => {
        const ws = newWorkspaceId();
        const chunks = fakeDocumentChunks({ workspaceId: ws, texts: ['alpha quokkaold', 'beta', 'gamma'] });
        await store().upsert(ws, chunks);
        const updated = chunks.map((c, i) => (i === 0 ? { ...c, text: 'alpha quokkanew' } : c));
        await store().upsert(ws, updated);

        expect(await store().count(ws)).toBe(3);
        expect(sorted(await store().listChunkIds(ws, chunks[0].documentId))).toEqual(sorted(chunks.map((c) => c.id)));
        const fresh = await search({ workspaceId: ws, text: 'quokkanew' });
        expect(fresh[0].chunk).toEqual(storedChunk(updated[0]));
        expect(lexicalHitIds(await search({ workspaceId: ws, text: 'quokkaold' }))).toEqual([]);
      });

      it('lists the chunk ids of one document only', async () => {
        const ws = newWorkspaceId();
        const doc = fakeDocumentChunks({ workspaceId: ws, texts: ['one', 'two', 'three'] });
        const other = fakeDocumentChunks({ workspaceId: ws, texts: ['four'] });
        await store().upsert(ws, [...doc, ...other]);
        expect(sorted(await store().listChunkIds(ws, doc[0].documentId))).toEqual(sorted(doc.map((c) => c.id)));
        expect(await store().listChunkIds(newWorkspaceId(), doc[0].documentId)).toEqual([]);
      });

      it('deleteByDocument removes every chunk of that document and nothing else', async () => {
        const ws = newWorkspaceId();
        const doc = fakeDocumentChunks({ workspaceId: ws, texts: ['one', 'two', 'three'] });
        const other = fakeDocumentChunks({ workspaceId: ws, texts: ['four', 'five'] });
        await store().upsert(ws, [...doc, ...other]);
        await store().deleteByDocument(ws, doc[0].documentId);
        expect(await store().listChunkIds(ws, doc[0].documentId)).toEqual([]);
        expect(await store().count(ws)).toBe(2);
      });

      it('deleteByDocument keeps the listed ids (the new version of the document)', async () => {
        const ws = newWorkspaceId();
        const doc = fakeDocumentChunks({ workspaceId: ws, texts: ['one', 'two', 'three', 'four'] });
        await store().upsert(ws, doc);
        const keep = [doc[1].id, doc[3].id];
        await store().deleteByDocument(ws, doc[0].documentId, keep);
        expect(sorted(await store().listChunkIds(ws, doc[0].documentId))).toEqual(sorted(keep));
      });

      it('deleteByDocument with an empty keep list deletes the whole document', async () => {
        const ws = newWorkspaceId();
        const doc = fakeDocumentChunks({ workspaceId: ws, texts: ['one', 'two'] });
        await store().upsert(ws, doc);
        await store().deleteByDocument(ws, doc[0].documentId, []);
        expect(await store().count(ws)).toBe(0);
      });

      it('deleteBySource removes only that source', async () => {
        const ws = newWorkspaceId();
        const sourceA = randomUUID();
        const first = fakeDocumentChunks({ workspaceId: ws, sourceId: sourceA, texts: ['one', 'two'] });
        const second = fakeDocumentChunks({ workspaceId: ws, sourceId: sourceA, texts: ['three'] });
        const kept = fakeDocumentChunks({ workspaceId: ws, texts: ['four'] });
        await store().upsert(ws, [...first, ...second, ...kept]);
        await store().deleteBySource(ws, sourceA);
        expect(await store().count(ws)).toBe(1);
        expect(await store().listChunkIds(ws, kept[0].documentId)).toEqual([kept[0].id]);
      });

      it('deletes never reach another workspace, even for the same document and source ids', async () => {
        const [a, b] = [newWorkspaceId(), newWorkspaceId()];
        const documentId = randomUUID();
        const sourceId = randomUUID();
        await store().upsert(a, fakeDocumentChunks({ workspaceId: a, documentId, sourceId, texts: ['a1', 'a2'] }));
        await store().upsert(b, fakeDocumentChunks({ workspaceId: b, documentId, sourceId, texts: ['b1', 'b2'] }));
        await store().deleteByDocument(a, documentId);
        expect(await store().count(b)).toBe(2);
        await store().deleteBySource(a, sourceId);
        expect(await store().count(b)).toBe(2);
      });

      it('rejects chunks that belong to another workspace than the one named', async () => {
        const [a, b] = [newWorkspaceId(), newWorkspaceId()];
        await expect(store().upsert(a, [chunk(a), chunk(b)])).rejects.toThrow();
        expect(await store().count(a)).toBe(0);
        expect(await store().count(b)).toBe(0);
      });

      it('rejects vectors of the wrong dimension', async () => {
        const ws = newWorkspaceId();
        await expect(store().upsert(ws, [chunk(ws, { vector: axisVector(D + 1, 0) })])).rejects.toThrow();
        expect(await store().count(ws)).toBe(0);
      });

      it("never lets one workspace overwrite another workspace's chunk with the same id", async () => {
        const [a, b] = [newWorkspaceId(), newWorkspaceId()];
        const original = chunk(a, { text: 'original text', vector: axis(4) });
        await store().upsert(a, [original]);
        // Rejecting or storing a separate copy are both acceptable; changing A's chunk is not.
        await store()
          .upsert(b, [{ ...original, workspaceId: b, text: 'hijacked text' }])
          .catch(() => undefined);
        const hits = await search({ workspaceId: a, vector: axis(4) });
        expect(hits.map((hit) => hit.chunk)).toEqual([storedChunk(original)]);
      });
    });

    describe('search', () => {
      it('dense: the nearest vector ranks first, with its cosine similarity', async () => {
        const ws = newWorkspaceId();
        const chunks = [0, 1, 2, 3].map((i) => chunk(ws, { vector: axis(i), text: `text ${i}` }));
        await store().upsert(ws, chunks);
        const query = blendVector(D, { 1: 0.9, 2: 0.3 });
        const hits = await search({ workspaceId: ws, vector: query });

        expect(hits.map((hit) => hit.chunk.id).slice(0, 2)).toEqual([chunks[1].id, chunks[2].id]);
        expect(hits[0].denseRank).toBe(1);
        for (const hit of hits) {
          expect(hit.lexicalRank).toBeNull();
          const vector = chunks.find((c) => c.id === hit.chunk.id)?.vector ?? [];
          expect(hit.cosine).toBeCloseTo(cosineSimilarity(query, vector) ?? NaN, 4);
        }
      });

      it('dense: ranks by cosine whatever the length of the stored and query vectors', async () => {
        const ws = newWorkspaceId();
        const long = chunk(ws, { vector: axis(1).map((value) => value * 10), text: 'long' });
        const short = chunk(ws, { vector: axis(2).map((value) => value * 0.1), text: 'short' });
        await store().upsert(ws, [long, short]);
        // A raw dot product would put the long vector first (5 against 0.087).
        const hits = await search({ workspaceId: ws, vector: blendVector(D, { 1: 0.5, 2: 0.866 }).map((v) => v * 3) });

        expect(hits.map((hit) => hit.chunk.id)).toEqual([short.id, long.id]);
        expect(hits[0].cosine).toBeCloseTo(0.866, 3);
        expect(hits[1].cosine).toBeCloseTo(0.5, 3);
      });

      it('lexical: an exact rare keyword finds its chunk when vectors carry no signal', async () => {
        const ws = newWorkspaceId();
        const texts = [
          'How to reset your password from the login page.',
          'The zyxelphone handset pairs over Bluetooth in settings.',
          'Invoices are emailed on the first day of each month.',
          'Shipping takes three to five business days.',
          'You can change your plan at any time.',
        ];
        const chunks = texts.map((text) => chunk(ws, { text, vector: axis(0) }));
        await store().upsert(ws, chunks);
        const hits = await search({ workspaceId: ws, text: 'zyxelphone', vector: axis(0) });

        expect(hits[0].chunk.id).toBe(chunks[1].id);
        expect(hits[0].lexicalRank).toBe(1);
        expect(lexicalHitIds(hits)).toEqual([chunks[1].id]);
      });

      it('lexical: the title and the headings are searchable too', async () => {
        const ws = newWorkspaceId();
        const byTitle = chunk(ws, { title: 'Frobnicator manual', text: 'Plug it in.' });
        const byHeading = chunk(ws, { headingPath: ['Setup', 'Quuxinator pairing'], text: 'Hold the button.' });
        const neither = chunk(ws, { text: 'Nothing to see here.' });
        await store().upsert(ws, [byTitle, byHeading, neither]);

        expect(lexicalHitIds(await search({ workspaceId: ws, text: 'frobnicator' }))).toEqual([byTitle.id]);
        expect(lexicalHitIds(await search({ workspaceId: ws, text: 'quuxinator' }))).toEqual([byHeading.id]);
      });

      it('hybrid: a chunk first in both lists ranks first', async () => {
        const ws = newWorkspaceId();
        const both = chunk(ws, { vector: axis(2), text: 'Configure the wombatflux relay before first use.' });
        const nearOnly = chunk(ws, { vector: blendVector(D, { 2: 0.9, 3: 0.4 }), text: 'Relay cabling guide.' });
        const farOnly = chunk(ws, { vector: axis(6), text: 'Warranty terms.' });
        await store().upsert(ws, [farOnly, nearOnly, both]);
        const hits = await search({ workspaceId: ws, text: 'wombatflux', vector: axis(2) });

        expect(hits[0].chunk.id).toBe(both.id);
        expect(hits[0]).toMatchObject({ denseRank: 1, lexicalRank: 1 });
        expect(hits[0].score).toBeCloseTo(2 / (RRF_K + 1), 10);
      });

      it('hybrid: a keyword match lifts a chunk above a slightly nearer vector', async () => {
        const ws = newWorkspaceId();
        const nearest = chunk(ws, { vector: axis(2), text: 'General relay information.' });
        const keyword = chunk(ws, {
          vector: blendVector(D, { 2: 0.3, 5: 0.95 }),
          text: 'The platypuszap error means the relay lost power.',
        });
        const others = [axis(6), axis(7)].map((vector) => chunk(ws, { vector, text: 'Unrelated page.' }));
        await store().upsert(ws, [nearest, keyword, ...others]);
        const hits = await search({ workspaceId: ws, text: 'platypuszap', vector: axis(2) });

        expect(hits.map((hit) => hit.chunk.id).slice(0, 2)).toEqual([keyword.id, nearest.id]);
        expect(hits[0].lexicalRank).toBe(1);
        expect(hits[0].denseRank).not.toBeNull();
      });

      it('empty or whitespace text searches the dense side only', async () => {
        const ws = newWorkspaceId();
        await store().upsert(ws, [chunk(ws, { text: 'the the the' }), chunk(ws, { text: 'a b c', vector: axis(1) })]);
        for (const text of ['', '   ', '\n\t']) {
          const hits = await search({ workspaceId: ws, text });
          expect(hits).toHaveLength(2);
          expect(hits.every((hit) => hit.lexicalRank === null && hit.denseRank !== null)).toBe(true);
        }
      });

      it('respects the limit and orders hits by their reciprocal-rank-fusion score', async () => {
        const ws = newWorkspaceId();
        const chunks = Array.from({ length: 12 }, (_, i) =>
          chunk(ws, { vector: blendVector(D, { 0: 1, 1: i / 4 }), text: i % 3 === 0 ? 'refund policy' : 'other' }),
        );
        await store().upsert(ws, chunks);
        const hits = await search({ workspaceId: ws, text: 'refund', vector: axis(0), limit: 5 });

        expect(hits).toHaveLength(5);
        hits.forEach((hit, i) => {
          if (i > 0) expect(hit.score).toBeLessThanOrEqual(hits[i - 1].score);
          const expected =
            (hit.denseRank === null ? 0 : 1 / (RRF_K + hit.denseRank)) +
            (hit.lexicalRank === null ? 0 : 1 / (RRF_K + hit.lexicalRank));
          expect(hit.score).toBeCloseTo(expected, 10);
        });
        expect(hits[0].chunk.id).toBe(chunks[0].id);
      });

      it('never returns internal chunks when visibility is limited to public', async () => {
        const ws = newWorkspaceId();
        const pub = chunk(ws, { visibility: 'public', text: 'The escalation hotline number.' });
        const internal = chunk(ws, { visibility: 'internal', text: 'The escalation hotline number (staff).' });
        await store().upsert(ws, [pub, internal]);

        const publicHits = await search({ workspaceId: ws, text: 'escalation hotline', visibility: ['public'] });
        expect(publicHits.map((hit) => hit.chunk.id)).toEqual([pub.id]);
        const internalHits = await search({ workspaceId: ws, text: 'escalation hotline', visibility: ['internal'] });
        expect(internalHits.map((hit) => hit.chunk.id)).toEqual([internal.id]);
        const all = await search({ workspaceId: ws, text: 'escalation', visibility: ['public', 'internal'] });
        expect(sorted(all.map((hit) => hit.chunk.id))).toEqual(sorted([pub.id, internal.id]));
      });

      it('an empty filter list matches nothing rather than everything', async () => {
        const ws = newWorkspaceId();
        await store().upsert(ws, [chunk(ws, { text: 'anything' })]);
        expect(await search({ workspaceId: ws, text: 'anything', visibility: [] })).toEqual([]);
        expect(await search({ workspaceId: ws, text: 'anything', sourceIds: [] })).toEqual([]);
        expect(await store().count(ws, { documentIds: [] })).toBe(0);
      });

      it('filters by source and by document', async () => {
        const ws = newWorkspaceId();
        const docA = fakeDocumentChunks({ workspaceId: ws, texts: ['kettle descaling', 'kettle filter'] });
        const docB = fakeDocumentChunks({ workspaceId: ws, texts: ['kettle warranty'] });
        await store().upsert(ws, [...docA, ...docB]);

        const bySource = await search({ workspaceId: ws, text: 'kettle', sourceIds: [docB[0].sourceId] });
        expect(bySource.map((hit) => hit.chunk.id)).toEqual([docB[0].id]);
        const byDocument = await search({ workspaceId: ws, text: 'kettle', documentIds: [docA[0].documentId] });
        expect(sorted(byDocument.map((hit) => hit.chunk.id))).toEqual(sorted(docA.map((c) => c.id)));
      });

      it("a search in one workspace never returns another workspace's chunks, even exact matches", async () => {
        const [a, b] = [newWorkspaceId(), newWorkspaceId()];
        const mine = chunk(a, { text: 'kiwiquasar setup steps', vector: axis(3) });
        const theirTwin = chunk(b, { text: 'kiwiquasar setup steps', vector: axis(3) });
        const theirs = chunk(b, { text: 'marmosetbeam secret roadmap', vector: axis(3) });
        await store().upsert(a, [mine]);
        await store().upsert(b, [theirTwin, theirs]);

        for (const text of ['kiwiquasar setup steps', 'marmosetbeam secret roadmap', '']) {
          const hits = await search({ workspaceId: a, text, vector: axis(3) });
          expect(hits.map((hit) => hit.chunk.id)).toEqual([mine.id]);
        }
      });

      it('rejects a query vector of the wrong dimension', async () => {
        await expect(search({ workspaceId: newWorkspaceId(), vector: axisVector(D + 1, 0) })).rejects.toThrow();
      });
    });

    describe('count', () => {
      it('applies visibility, source and document filters together', async () => {
        const ws = newWorkspaceId();
        const sourceId = randomUUID();
        const docA = fakeDocumentChunks({ workspaceId: ws, sourceId, visibility: 'public', texts: ['1', '2', '3'] });
        const docB = fakeDocumentChunks({ workspaceId: ws, sourceId, visibility: 'internal', texts: ['4', '5'] });
        const docC = fakeDocumentChunks({ workspaceId: ws, visibility: 'public', texts: ['6'] });
        await store().upsert(ws, [...docA, ...docB, ...docC]);

        expect(await store().count(ws)).toBe(6);
        expect(await store().count(ws, { visibility: ['public'] })).toBe(4);
        expect(await store().count(ws, { visibility: ['internal'] })).toBe(2);
        expect(await store().count(ws, { sourceIds: [sourceId] })).toBe(5);
        expect(await store().count(ws, { sourceIds: [sourceId], visibility: ['public'] })).toBe(3);
        expect(await store().count(ws, { documentIds: [docB[0].documentId, docC[0].documentId] })).toBe(3);
        expect(await store().count(newWorkspaceId(), { sourceIds: [sourceId] })).toBe(0);
      });
    });

    describe('round trip', () => {
      it('returns every stored field unchanged', async () => {
        const ws = newWorkspaceId();
        const plain = chunk(ws, {
          title: 'Customer\'s guide to "billing"',
          headingPath: ['Billing', 'Refunds & returns', 'Über-fast refunds'],
          text: "Refunds take 5–7 days; it's automatic.\nSecond line with emoji 🚀.",
          url: null,
          position: 7,
          visibility: 'internal',
          vector: axis(5),
        });
        const linked = chunk(ws, {
          headingPath: [],
          url: 'https://help.example.com/a?b=c&d=%20e#f',
          position: 0,
          vector: axis(6),
        });
        await store().upsert(ws, [plain, linked]);

        const [first] = await search({ workspaceId: ws, vector: axis(5), limit: 1 });
        expect(first.chunk).toStrictEqual(storedChunk(plain));
        const [second] = await search({ workspaceId: ws, vector: axis(6), limit: 1 });
        expect(second.chunk).toStrictEqual(storedChunk(linked));
      });
    });
  });
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}
