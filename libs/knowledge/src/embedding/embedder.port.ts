/** Turns texts into vectors of one embedding space. */
export interface Embedder {
  /** Stable model name recorded with the collection, e.g. "use-lite-512". */
  readonly model: string;
  readonly dimension: number;
  /** One vector per text, in order; L2-normalised. */
  embed(texts: string[]): Promise<number[][]>;
  close(): Promise<void>;
}

export const EMBEDDER = Symbol('EMBEDDER');
