import { ChunkTermsCache } from './chunk-terms.cache';

describe('ChunkTermsCache', () => {
  it('tokenizes a chunk once per content, and again when its content changes', () => {
    const cache = new ChunkTermsCache(10);
    let calls = 0;
    const tokenize = () => {
      calls += 1;
      return ['paus', 'subscript'];
    };
    expect(cache.get({ id: 'c1', contentHash: 'h1' }, tokenize)).toEqual(['paus', 'subscript']);
    cache.get({ id: 'c1', contentHash: 'h1' }, tokenize);
    expect(calls).toBe(1);
    cache.get({ id: 'c1', contentHash: 'h2' }, tokenize);
    expect(calls).toBe(2);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new ChunkTermsCache(2);
    const seen: string[] = [];
    const terms = (id: string) => () => {
      seen.push(id);
      return [id];
    };
    cache.get({ id: 'a', contentHash: 'x' }, terms('a'));
    cache.get({ id: 'b', contentHash: 'x' }, terms('b'));
    cache.get({ id: 'a', contentHash: 'x' }, terms('a'));
    cache.get({ id: 'c', contentHash: 'x' }, terms('c'));
    expect(cache.size).toBe(2);
    cache.get({ id: 'a', contentHash: 'x' }, terms('a'));
    cache.get({ id: 'b', contentHash: 'x' }, terms('b'));
    expect(seen).toEqual(['a', 'b', 'c', 'b']);
  });
});
