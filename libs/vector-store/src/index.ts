export * from './fusion';
export * from './lancedb/lancedb.adapter';
export * from './lancedb/lancedb.errors';
export * from './lexical/bm25-sparse';
export * from './qdrant/qdrant.adapter';
export * from './vector-store.factory';
export * from './vector-store.port';
