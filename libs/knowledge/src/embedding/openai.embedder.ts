import OpenAI from 'openai';

import type { Embedder } from './embedder.port';
import { toUnitVector } from '@switchboard/vector-store';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** OpenAI accepts up to 2,048 inputs per request; 256 keeps each request well under its token limit. */
export const OPENAI_MAX_BATCH_SIZE = 256;
export const OPENAI_DEFAULT_TIMEOUT_MS = 60_000;
export const OPENAI_DEFAULT_MAX_RETRIES = 3;

export interface OpenAiEmbedderOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (Azure, Ollama, vLLM…), including the `/v1` suffix. */
  baseUrl?: string;
  model: string;
  /** Expected vector size; when omitted it is taken from the first response. */
  dimension?: number;
  timeoutMs?: number;
  /** Retries on 408, 409, 429 and 5xx, honouring Retry-After. */
  maxRetries?: number;
  batchSize?: number;
}

/** Embeds through the `/embeddings` endpoint of any OpenAI-compatible API. */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly remoteModel: string;
  private readonly batchSize: number;
  private knownDimension: number | undefined;
  private closed = false;

  constructor(options: OpenAiEmbedderOptions) {
    if (options.model.trim() === '') throw new Error('OpenAiEmbedder: model must not be empty');
    if (options.dimension !== undefined) positiveInteger('dimension', options.dimension);
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? OPENAI_MAX_BATCH_SIZE);
    if (this.batchSize > OPENAI_MAX_BATCH_SIZE) {
      throw new Error(`OpenAiEmbedder: batchSize must be at most ${OPENAI_MAX_BATCH_SIZE}, got ${this.batchSize}`);
    }
    this.remoteModel = options.model;
    this.model = `openai/${options.model}`;
    this.knownDimension = options.dimension;
    // Every option the SDK would otherwise read from the environment is passed explicitly (config owns the environment).
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      timeout: options.timeoutMs ?? OPENAI_DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? OPENAI_DEFAULT_MAX_RETRIES,
    });
  }

  /** Throws until known: pass `dimension` when the vector store must be created before the first embed(). */
  get dimension(): number {
    if (this.knownDimension === undefined) {
      throw new Error(`OpenAiEmbedder: the dimension of ${this.model} is unknown until the first embed() call`);
    }
    return this.knownDimension;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (this.closed) throw new Error('OpenAiEmbedder: embed() called after close()');
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create({
        model: this.remoteModel,
        // The API rejects empty strings, which a blank chunk can still produce.
        input: texts.map((text) => (text === '' ? ' ' : text)),
        // Floats, not the SDK's default base64, which some compatible servers do not implement.
        encoding_format: 'float',
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`OpenAiEmbedder: embedding ${texts.length} texts with ${this.model} failed: ${reason}`, {
        cause: error,
      });
    }

    if (!Array.isArray(response.data) || response.data.length !== texts.length) {
      throw new Error(
        `OpenAiEmbedder: ${this.model} returned ${response.data?.length ?? 0} embeddings for ${texts.length} texts`,
      );
    }
    const ordered = [...response.data].sort((a, b) => a.index - b.index);
    return ordered.map((item, i) => {
      if (item.index !== i || !Array.isArray(item.embedding)) {
        throw new Error(`OpenAiEmbedder: ${this.model} returned a malformed embedding at position ${i}`);
      }
      this.checkDimension(item.embedding.length);
      return toUnitVector(item.embedding);
    });
  }

  private checkDimension(length: number): void {
    if (this.knownDimension === undefined) {
      this.knownDimension = positiveInteger('dimension', length);
    } else if (length !== this.knownDimension) {
      throw new Error(`OpenAiEmbedder: ${this.model} returned ${length} dimensions, expected ${this.knownDimension}`);
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`OpenAiEmbedder: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
