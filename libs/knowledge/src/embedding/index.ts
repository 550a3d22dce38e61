export * from './cached.embedder';
export * from './embedder.factory';
export * from './embedder.port';
export * from './embedding-cache.store';
export * from './in-memory-embedding-cache.store';
export * from './openai.embedder';
export * from './use-lite.embedder';
