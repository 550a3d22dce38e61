import { chunkId } from './chunk-id';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HASH = 'a'.repeat(64);

describe('chunkId', () => {
  it('is a UUID with version 5 and the RFC 4122 variant', () => {
    for (let i = 0; i < 50; i++) expect(chunkId(`doc-${i}`, HASH)).toMatch(UUID_V5);
  });

  it('is stable across calls and releases', () => {
    expect(chunkId('doc-1', HASH)).toBe(chunkId('doc-1', HASH));
    // Pinned: changing it would orphan every point already stored in the vector store.
    expect(chunkId('3f2b8c1e-0000-4000-8000-000000000001', HASH)).toBe('621a5de8-b4b3-587c-92e3-fcbc657c7ec0');
  });

  it('differs by document and by content', () => {
    const ids = new Set([chunkId('doc-1', HASH), chunkId('doc-2', HASH), chunkId('doc-1', 'b'.repeat(64))]);
    expect(ids.size).toBe(3);
  });
});
