import type { Embedder } from './embedder.port';
import { OpenAiEmbedder } from './openai.embedder';
import { UseLiteEmbedder } from './use-lite.embedder';

export interface UseLiteEmbedderConfig {
  kind: 'use-lite';
  /** 0 or absent: one worker thread per CPU. */
  threads?: number;
}

export interface OpenAiEmbedderConfig {
  kind: 'openai';
  apiKey: string;
  baseUrl?: string;
  model: string;
  dimension?: number;
}

export type EmbedderConfig = UseLiteEmbedderConfig | OpenAiEmbedderConfig;

/** Builds the configured embedder; wrap it in a CachedEmbedder to skip unchanged text. */
export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.kind) {
    case 'use-lite':
      return new UseLiteEmbedder({ threads: config.threads });
    case 'openai':
      return new OpenAiEmbedder({
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        model: config.model,
        dimension: config.dimension,
      });
  }
}
