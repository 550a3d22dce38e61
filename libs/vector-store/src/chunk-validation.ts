import { Visibility, isUuid } from '@switchboard/database';
import { InvalidChunkError } from './vector-store.errors';
import { ChunkRecord, EmbeddingSpace } from './vector-store.port';

export { isUuid };

/** Largest embedding dimension either store accepts. */
export const MAX_DIMENSION = 65_536;

// Keyed by Visibility so adding a value to the union fails to compile until it is allowed here.
const VISIBILITY_VALUES = { public: true, internal: true } satisfies Record<Visibility, true>;

export function isVisibility(value: unknown): value is Visibility {
  return typeof value === 'string' && Object.hasOwn(VISIBILITY_VALUES, value);
}

export function assertValidSpace(space: EmbeddingSpace): void {
  if (typeof space.model !== 'string' || space.model.trim().length === 0) {
    throw new RangeError('An embedding space needs a model name');
  }
  if (!Number.isInteger(space.dimension) || space.dimension < 1 || space.dimension > MAX_DIMENSION) {
    throw new RangeError(`Embedding dimension must be an integer in 1..${MAX_DIMENSION}, got ${space.dimension}`);
  }
}

export function assertValidChunk(chunk: ChunkRecord, workspaceId: string, dimension: number): void {
  const label = `chunk ${JSON.stringify(chunk.id)}`;
  if (chunk.workspaceId !== workspaceId) {
    throw new InvalidChunkError(`${label} belongs to workspace ${chunk.workspaceId}, not ${workspaceId}`);
  }
  for (const field of ['id', 'sourceId', 'documentId'] as const) {
    if (!isUuid(chunk[field])) throw new InvalidChunkError(`${label} has a non-UUID ${field}`);
  }
  if (!isVisibility(chunk.visibility)) throw new InvalidChunkError(`${label} has an unknown visibility`);
  for (const field of ['title', 'text', 'contentHash'] as const) {
    if (typeof chunk[field] !== 'string') throw new InvalidChunkError(`${label} has a non-string ${field}`);
  }
  if (!Array.isArray(chunk.headingPath) || chunk.headingPath.some((heading) => typeof heading !== 'string')) {
    throw new InvalidChunkError(`${label} has a malformed headingPath`);
  }
  if (chunk.url !== null && typeof chunk.url !== 'string') throw new InvalidChunkError(`${label} has a malformed url`);
  if (!Number.isInteger(chunk.position) || chunk.position < 0 || chunk.position > 2 ** 31 - 1) {
    throw new InvalidChunkError(`${label} has an invalid position`);
  }
  const vectorProblem = vectorProblemOf(chunk.vector, dimension);
  if (vectorProblem) throw new InvalidChunkError(`${label} vector ${vectorProblem}`);
}

export function vectorProblemOf(vector: unknown, dimension: number): string | null {
  if (!Array.isArray(vector)) return 'is not an array';
  if (vector.length !== dimension) return `has ${vector.length} dimensions, expected ${dimension}`;
  if (!vector.every((value) => typeof value === 'number' && Number.isFinite(value))) return 'has a non-finite value';
  return null;
}
