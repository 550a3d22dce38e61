import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { EmbeddingCacheEntry, EmbeddingCacheStore } from '../embedding/embedding-cache.store';

function encode(vector: number[]): Buffer {
  return Buffer.from(new Float32Array(vector).buffer);
}

function decode(bytes: Buffer): number[] {
  const view = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return Array.from(view);
}

/** The embedding_cache table: the embedding cache in Postgres, shared by every worker and by eval re-runs. */
@Injectable()
export class EmbeddingCacheRepository implements EmbeddingCacheStore {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  async get(model: string, hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    for (let i = 0; i < hashes.length; i += 1000) {
      const rows: Array<{ hash: string; vector: Buffer }> = await this.manager.query(
        'SELECT hash, vector FROM embedding_cache WHERE model = $1 AND hash = ANY($2)',
        [model, hashes.slice(i, i + 1000)],
      );
      for (const row of rows) found.set(row.hash, decode(row.vector));
    }
    return found;
  }

  async put(model: string, entries: EmbeddingCacheEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const batch = entries.slice(i, i + 500);
      await this.manager.query(
        `INSERT INTO embedding_cache (model, hash, vector)
         SELECT $1, hash, vector FROM unnest($2::char(64)[], $3::bytea[]) AS t(hash, vector)
         ON CONFLICT (model, hash) DO NOTHING`,
        [model, batch.map((e) => e.hash), batch.map((e) => encode(e.vector))],
      );
    }
  }
}
