/** The store holds this model with another dimension: a misconfigured embedder, never silently mixed. */
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

/** A filter value that is not what the store keys on (a non-UUID id, an unknown visibility). */
export class InvalidFilterValueError extends Error {
  constructor(field: string, value: unknown) {
    super(`Invalid ${field} for a vector-store filter: ${JSON.stringify(value)?.slice(0, 80) ?? String(value)}`);
    this.name = 'InvalidFilterValueError';
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
  constructor(store: string) {
    super(`${store}.open() must complete before any other call`);
    this.name = 'VectorStoreNotOpenError';
  }
}
