import { CachedEmbedder, embeddingCacheHash } from './cached.embedder';
import type { Embedder } from './embedder.port';
import type { EmbeddingCacheEntry, EmbeddingCacheStore } from './embedding-cache.store';
import { InMemoryEmbeddingCacheStore } from './in-memory-embedding-cache.store';

/** Deterministic fake: the vector encodes the text's length and first char code, so tests can tell texts apart. */
class RecordingEmbedder implements Embedder {
  readonly model = 'fake-3';
  readonly dimension = 3;
  readonly calls: string[][] = [];
  closed = false;

  async embed(texts: string[]): Promise<number[][]> {
    this.calls.push([...texts]);
    return texts.map((text) => [text.length, text.charCodeAt(0) || 0, 1]);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function setup(store: EmbeddingCacheStore = new InMemoryEmbeddingCacheStore()) {
  const inner = new RecordingEmbedder();
  return { inner, store, embedder: new CachedEmbedder(inner, store) };
}

/** An in-memory store that records what it was asked to read and write. */
function recordingStore() {
  const gets: string[][] = [];
  const puts: EmbeddingCacheEntry[][] = [];
  const memory = new InMemoryEmbeddingCacheStore();
  const spy: EmbeddingCacheStore = {
    get: (model, hashes) => (gets.push(hashes), memory.get(model, hashes)),
    put: (model, entries) => (puts.push(entries), memory.put(model, entries)),
  };
  return { gets, puts, spy };
}

describe('CachedEmbedder', () => {
  it('computes nothing when the same texts are embedded again', async () => {
    const { inner, embedder } = setup();
    const texts = ['How do I reset my password?', 'Refunds take five days.', 'Open the billing page.'];

    const first = await embedder.embed(texts);
    const second = await embedder.embed(texts);

    expect(second).toEqual(first);
    expect(inner.calls).toEqual([texts]);
    expect(embedder.counters).toEqual({ hits: 3, misses: 3, computed: 3 });
  });

  it('embeds duplicates within one call once and returns them in input order', async () => {
    const { inner, embedder } = setup();

    const vectors = await embedder.embed(['a', 'bb', 'a', 'a', 'bb']);

    expect(inner.calls).toEqual([['a', 'bb']]);
    expect(vectors).toEqual([
      [1, 97, 1],
      [2, 98, 1],
      [1, 97, 1],
      [1, 97, 1],
      [2, 98, 1],
    ]);
    expect(vectors[0]).not.toBe(vectors[2]);
    expect(embedder.counters).toEqual({ hits: 0, misses: 5, computed: 2 });
  });

  it('embeds only the misses when some texts are cached', async () => {
    const { inner, embedder } = setup();
    await embedder.embed(['kept', 'also kept']);

    const vectors = await embedder.embed(['new one', 'kept', 'another', 'also kept']);

    expect(inner.calls[1]).toEqual(['new one', 'another']);
    expect(vectors).toEqual([
      [7, 110, 1],
      [4, 107, 1],
      [7, 97, 1],
      [9, 97, 1],
    ]);
    expect(embedder.counters).toEqual({ hits: 2, misses: 4, computed: 4 });
  });

  it('keys by model and text, so another model never reads these vectors', async () => {
    const store = new InMemoryEmbeddingCacheStore();
    const { embedder } = setup(store);
    await embedder.embed(['hello']);

    expect(embeddingCacheHash('fake-3', 'hello')).not.toBe(embeddingCacheHash('other', 'hello'));
    expect((await store.get('fake-3', [embeddingCacheHash('fake-3', 'hello')])).size).toBe(1);
    expect((await store.get('other', [embeddingCacheHash('fake-3', 'hello')])).size).toBe(0);
  });

  it('asks the store for each distinct hash once and writes only computed entries', async () => {
    const { gets, puts, spy } = recordingStore();
    const { embedder } = setup(spy);

    await embedder.embed(['x', 'x', 'y']);
    await embedder.embed(['x', 'y']);

    expect(gets).toEqual([
      [embeddingCacheHash('fake-3', 'x'), embeddingCacheHash('fake-3', 'y')],
      [embeddingCacheHash('fake-3', 'x'), embeddingCacheHash('fake-3', 'y')],
    ]);
    expect(puts).toHaveLength(1);
    expect(puts[0].map((entry) => entry.hash)).toEqual([
      embeddingCacheHash('fake-3', 'x'),
      embeddingCacheHash('fake-3', 'y'),
    ]);
  });

  it('serves the calls made in one tick as one batch: one cache read, one model call, one cache write', async () => {
    const { gets, puts, spy } = recordingStore();
    const { inner, embedder } = setup(spy);

    // An answer's retrievals embed the question alone, in context and the conversation's topic at once.
    const [alone, inContext, topic] = await Promise.all([
      embedder.embed(['where do you deliver']),
      embedder.embed(['where do you deliver\nreset my password']),
      embedder.embed(['reset my password', 'where do you deliver']),
    ]);

    expect(inner.calls).toEqual([
      ['where do you deliver', 'where do you deliver\nreset my password', 'reset my password'],
    ]);
    expect(gets).toHaveLength(1);
    expect(puts).toHaveLength(1);
    expect(alone).toEqual([[20, 119, 1]]);
    expect(inContext).toEqual([[38, 119, 1]]);
    expect(topic).toEqual([
      [17, 114, 1],
      [20, 119, 1],
    ]);
    expect(topic[1]).not.toBe(alone[0]);
  });

  it('fails every call of a batch whose model call failed, and serves the next batch', async () => {
    const { inner, embedder } = setup();
    const failing = jest.spyOn(inner, 'embed').mockRejectedValueOnce(new Error('model unavailable'));
    const results = await Promise.allSettled([embedder.embed(['a']), embedder.embed(['b'])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    failing.mockRestore();
    await expect(embedder.embed(['a'])).resolves.toEqual([[1, 97, 1]]);
  });

  it('keeps query embeddings out of the shared store: cached in the process, computed once', async () => {
    const { gets, puts, spy } = recordingStore();
    const { inner, embedder } = setup(spy);

    const first = await embedder.embed(['where do you deliver'], { purpose: 'query' });
    const again = await embedder.embed(['where do you deliver'], { purpose: 'query' });

    expect(again).toEqual(first);
    expect(inner.calls).toEqual([['where do you deliver']]);
    expect(gets).toEqual([]);
    expect(puts).toEqual([]);
  });

  it('returns an empty list without touching the store or the model', async () => {
    const { inner, embedder } = setup();
    await expect(embedder.embed([])).resolves.toEqual([]);
    expect(inner.calls).toEqual([]);
  });

  it('delegates model, dimension and close to the inner embedder', async () => {
    const { inner, embedder } = setup();
    expect([embedder.model, embedder.dimension]).toEqual(['fake-3', 3]);
    await embedder.close();
    expect(inner.closed).toBe(true);
  });
});

describe('InMemoryEmbeddingCacheStore', () => {
  it('evicts the least recently used entry beyond its bound', async () => {
    const store = new InMemoryEmbeddingCacheStore(2);
    await store.put('m', [
      { hash: 'a', vector: [1] },
      { hash: 'b', vector: [2] },
    ]);
    await store.get('m', ['a']);
    await store.put('m', [{ hash: 'c', vector: [3] }]);

    const found = await store.get('m', ['a', 'b', 'c']);
    expect([...found.keys()]).toEqual(['a', 'c']);
    expect(store.size).toBe(2);
  });

  it('hands out copies, so callers cannot corrupt cached vectors', async () => {
    const store = new InMemoryEmbeddingCacheStore();
    const vector = [1, 2];
    await store.put('m', [{ hash: 'a', vector }]);
    vector[0] = 99;
    (await store.get('m', ['a'])).get('a')?.fill(0);

    expect((await store.get('m', ['a'])).get('a')).toEqual([1, 2]);
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new InMemoryEmbeddingCacheStore(0)).toThrow(/positive integer/);
  });
});
