import { AppConfig } from '@switchboard/config';
import { join } from 'node:path';
import { LanceDbVectorStore } from './lancedb/lancedb.adapter';
import { QdrantVectorStore } from './qdrant/qdrant.adapter';
import { VectorStore } from './vector-store.port';

/** Qdrant when QDRANT_URL is set, the embedded LanceDB under DATA_DIR otherwise. */
export function createVectorStore(config: AppConfig): VectorStore {
  const settings = config.vectorStore;
  switch (settings.kind) {
    case 'qdrant':
      return new QdrantVectorStore({ url: settings.url, apiKey: settings.apiKey });
    case 'lancedb':
      // Rebuilding the full-text index competes with the embedder for the CPU: batch it during bulk ingestion.
      return new LanceDbVectorStore(join(config.dataDir, 'lancedb'), {
        indexRefreshDelayMs: 3_000,
        indexRefreshMaxDelayMs: 30_000,
      });
  }
}
