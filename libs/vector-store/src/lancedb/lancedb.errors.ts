/** The store already holds this model with another dimension: a misconfigured embedder, never silently mixed. */
export class EmbeddingSpaceMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingSpaceMismatchError';
  }
}

/** A chunk that cannot be stored as given (wrong workspace, wrong dimension, malformed field). */
export class InvalidChunkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidChunkError';
  }
}

/** A chunk id already belongs to another workspace; overwriting it would cross tenants. */
export class ChunkOwnershipError extends Error {
  constructor(count: number) {
    super(`${count} chunk id(s) already belong to another workspace; refusing to overwrite them`);
    this.name = 'ChunkOwnershipError';
  }
}

export class VectorStoreNotOpenError extends Error {
  constructor() {
    super('LanceDbVectorStore.open() must complete before any other call');
    this.name = 'VectorStoreNotOpenError';
  }
}
