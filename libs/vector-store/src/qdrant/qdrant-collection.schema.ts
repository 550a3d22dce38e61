import type { Schemas } from '@qdrant/js-client-rest';
import { createHash } from 'node:crypto';
import { ChunkRecord, EmbeddingSpace, StoredChunk } from '../vector-store.port';
import { isVisibility } from '../chunk-validation';
import { storedFieldsOf } from '../stored-chunk';
import { EmbeddingSpaceMismatchError } from '../vector-store.errors';

/** Bumped when the collection layout changes incompatibly; stored in the collection metadata. */
export const QDRANT_LAYOUT_VERSION = '1';

export const DENSE_VECTOR = 'dense';
export const SPARSE_VECTOR = 'bm25';

export const METADATA_MODEL = 'switchboard.model';
export const METADATA_DIMENSION = 'switchboard.dimension';
export const METADATA_LAYOUT = 'switchboard.layout';

export const DEFAULT_COLLECTION_PREFIX = 'chunks';

// Keyed by Visibility so adding a value to the union fails to compile until it is handled here.

/** Keyword indexes on every field a filter names; the workspace one is Qdrant's tenant index (co-locates a tenant's points). */
export const PAYLOAD_INDEXES: ReadonlyArray<{ field: keyof StoredChunk; schema: Schemas['PayloadFieldSchema'] }> = [
  { field: 'workspaceId', schema: { type: 'keyword', is_tenant: true } },
  { field: 'visibility', schema: 'keyword' },
  { field: 'sourceId', schema: 'keyword' },
  { field: 'documentId', schema: 'keyword' },
];

function slug(value: string, maxLength: number, fallback: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxLength);
  return cleaned || fallback;
}

/** `<prefix>_<model slug>_<model hash>_d`: every collection of one model starts with it, whatever its dimension. */
export function modelCollectionPrefix(model: string, prefix = DEFAULT_COLLECTION_PREFIX): string {
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 8);
  return `${slug(prefix, 64, DEFAULT_COLLECTION_PREFIX)}_${slug(model, 48, 'model')}_${hash}_d`;
}

/** One collection per embedding space: the slug is for humans, the hash keeps models that slug alike apart. */
export function qdrantCollectionName(space: EmbeddingSpace, prefix = DEFAULT_COLLECTION_PREFIX): string {
  return `${modelCollectionPrefix(space.model, prefix)}${space.dimension}`;
}

/** The dimension in a collection name made by qdrantCollectionName for this model, or null for other collections. */
export function dimensionFromCollectionName(
  model: string,
  name: string,
  prefix = DEFAULT_COLLECTION_PREFIX,
): number | null {
  const head = modelCollectionPrefix(model, prefix);
  if (!name.startsWith(head)) return null;
  const tail = name.slice(head.length);
  return /^\d+$/.test(tail) ? Number(tail) : null;
}

export function collectionConfig(space: EmbeddingSpace): Schemas['CreateCollection'] {
  return {
    vectors: { [DENSE_VECTOR]: { size: space.dimension, distance: 'Cosine' } },
    // IDF is computed by Qdrant from collection statistics at query time; documents carry BM25 tf weights only.
    sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
    metadata: {
      [METADATA_MODEL]: space.model,
      [METADATA_DIMENSION]: space.dimension,
      [METADATA_LAYOUT]: QDRANT_LAYOUT_VERSION,
    },
  };
}

/** Refuses a collection whose vectors, sparse config or recorded model differ from the space asked for. */
export function assertCollectionSpace(name: string, info: Schemas['CollectionInfo'], space: EmbeddingSpace): void {
  const wanted = `"${space.model}" (${space.dimension} dimensions)`;
  const vectors = info.config.params.vectors;
  const dense = vectors && !('size' in vectors) ? vectors[DENSE_VECTOR] : undefined;
  if (!dense) {
    throw new EmbeddingSpaceMismatchError(
      `Collection ${name} has no "${DENSE_VECTOR}" vector; it was not created for ${wanted}`,
    );
  }
  if (dense.size !== space.dimension || dense.distance !== 'Cosine') {
    throw new EmbeddingSpaceMismatchError(
      `Collection ${name} holds ${dense.size}-dimensional ${dense.distance} vectors, not ${wanted}`,
    );
  }
  const sparse = info.config.params.sparse_vectors?.[SPARSE_VECTOR];
  if (!sparse || sparse.modifier !== 'idf') {
    throw new EmbeddingSpaceMismatchError(
      `Collection ${name} lacks the "${SPARSE_VECTOR}" sparse vector with the idf modifier`,
    );
  }
  const metadata = info.config.metadata ?? {};
  const model = metadata[METADATA_MODEL];
  if (model !== undefined && model !== space.model) {
    throw new EmbeddingSpaceMismatchError(`Collection ${name} holds model ${JSON.stringify(model)}, not ${wanted}`);
  }
}

export function toPayload(chunk: ChunkRecord): StoredChunk {
  return storedFieldsOf(chunk);
}

function stringField(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string') throw new TypeError(`Qdrant point payload has a non-string ${name}`);
  return value;
}

/** Narrows a point payload to a StoredChunk, failing loudly on drift or foreign points. */
export function toStoredChunk(payload: Record<string, unknown> | null | undefined): StoredChunk {
  if (!payload) throw new TypeError('Qdrant returned a point without its payload');
  const { visibility, url, position, headingPath } = payload;
  if (!isVisibility(visibility))
    throw new TypeError(`Qdrant point payload has an unknown visibility: ${String(visibility)}`);
  if (url !== null && typeof url !== 'string') throw new TypeError('Qdrant point payload has a non-string url');
  if (typeof position !== 'number') throw new TypeError('Qdrant point payload has a non-numeric position');
  if (!Array.isArray(headingPath)) throw new TypeError('Qdrant point payload has a non-list headingPath');
  return {
    id: stringField(payload, 'id'),
    workspaceId: stringField(payload, 'workspaceId'),
    sourceId: stringField(payload, 'sourceId'),
    documentId: stringField(payload, 'documentId'),
    visibility,
    title: stringField(payload, 'title'),
    headingPath: headingPath.map(String),
    text: stringField(payload, 'text'),
    url,
    position,
    contentHash: stringField(payload, 'contentHash'),
  };
}
