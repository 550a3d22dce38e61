/**
 * What the vectors are for. A query (a customer's question) is embedded once and rarely again, so it is not worth a
 * shared cache write; a document chunk is re-embedded on every re-index, so it is.
 */
export interface EmbedOptions {
  purpose?: 'document' | 'query';
}

/** Turns texts into vectors of one embedding space. */
export interface Embedder {
  /** Stable model name recorded with the collection, e.g. "use-lite-512". */
  readonly model: string;
  readonly dimension: number;
  /** One vector per text, in order; L2-normalised. */
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
  close(): Promise<void>;
}

export const EMBEDDER = Symbol('EMBEDDER');
