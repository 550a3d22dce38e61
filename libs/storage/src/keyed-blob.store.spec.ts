import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedBlobStore } from './keyed-blob.store';

describe('KeyedBlobStore', () => {
  let root: string;
  let store: KeyedBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sb-blobs-'));
    store = new KeyedBlobStore(join(root, 'store'));
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores, reads, lists and deletes blobs by key path', async () => {
    await store.put(['w1', 'c1', 'b1'], Buffer.from('one'));
    await store.put(['w1', 'c2', 'b2'], Buffer.from('two'));
    expect((await store.get(['w1', 'c1', 'b1'])).toString()).toBe('one');
    expect((await store.list(['w1'])).sort()).toEqual(['c1', 'c2']);
    await store.delete(['w1', 'c1', 'b1']);
    await expect(store.get(['w1', 'c1', 'b1'])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('deletes a whole prefix, and lists nothing where there is nothing', async () => {
    await store.put(['w1', 'c1', 'b1'], Buffer.from('one'));
    await store.delete(['w1', 'c1']);
    expect(await store.list(['w1'])).toEqual([]);
    expect(await store.list(['nobody'])).toEqual([]);
    await expect(store.delete(['nobody', 'nothing'])).resolves.toBeUndefined();
  });

  it.each([['..'], ['a/b'], [''], ['x'.repeat(101)], ['.hidden']])('refuses the unsafe segment %j', async (segment) => {
    await expect(store.put(['w1', segment], Buffer.from('x'))).rejects.toThrow(/Unsafe blob key segment/);
  });

  it('refuses an empty key', async () => {
    await expect(store.get([])).rejects.toThrow(/at least one segment/);
  });
});
