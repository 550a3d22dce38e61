import { createHash } from 'node:crypto';
import { DataType, Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';
import { ChunkRecord, EmbeddingSpace, StoredChunk } from '../vector-store.port';
import { isVisibility } from '../chunk-validation';
import { toUnitVector } from '../unit-vector';
import { searchTextOf, storedFieldsOf } from '../stored-chunk';

/** Bumped when the table layout changes incompatibly; stored in the table's schema metadata. */
export const CHUNK_TABLE_LAYOUT_VERSION = '1';

export const METADATA_MODEL = 'switchboard.model';
export const METADATA_DIMENSION = 'switchboard.dimension';
export const METADATA_LAYOUT = 'switchboard.layout';

/** The column the BM25 index covers: title, headings and text in one field. */
export const SEARCH_TEXT_COLUMN = 'searchText';
export const VECTOR_COLUMN = 'vector';

/** Columns that make up a StoredChunk; queries select exactly these (never the vector unless needed). */
export const STORED_CHUNK_COLUMNS = [
  'id',
  'workspaceId',
  'sourceId',
  'documentId',
  'visibility',
  'title',
  'headingPath',
  'text',
  'url',
  'position',
  'contentHash',
] as const satisfies readonly (keyof StoredChunk)[];

const TABLE_PREFIX = 'chunks';

/** `chunks_<model slug>_<model hash>`: the slug is for humans, the hash keeps distinct models apart. */
export function modelTablePrefix(model: string): string {
  const slug =
    model
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48) || 'model';
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 8);
  return `${TABLE_PREFIX}_${slug}_${hash}`;
}

export function chunkTableName(space: EmbeddingSpace): string {
  return `${modelTablePrefix(space.model)}_d${space.dimension}`;
}

/** Reads the dimension out of a table name made by chunkTableName, for the mismatch check. */
export function dimensionFromTableName(model: string, tableName: string): number | null {
  const prefix = `${modelTablePrefix(model)}_d`;
  if (!tableName.startsWith(prefix)) return null;
  const dimension = Number(tableName.slice(prefix.length));
  return Number.isInteger(dimension) ? dimension : null;
}

export function chunkTableSchema(space: EmbeddingSpace): Schema {
  const text = (name: string, nullable = false): Field => new Field(name, new Utf8(), nullable);
  return new Schema(
    [
      text('id'),
      text('workspaceId'),
      text('sourceId'),
      text('documentId'),
      text('visibility'),
      text('title'),
      new Field('headingPath', new List(new Field('item', new Utf8(), true)), false),
      text('text'),
      text('url', true),
      new Field('position', new Int32(), false),
      text('contentHash'),
      text(SEARCH_TEXT_COLUMN),
      new Field(VECTOR_COLUMN, new FixedSizeList(space.dimension, new Field('item', new Float32(), true)), false),
    ],
    new Map([
      [METADATA_MODEL, space.model],
      [METADATA_DIMENSION, String(space.dimension)],
      [METADATA_LAYOUT, CHUNK_TABLE_LAYOUT_VERSION],
    ]),
  );
}

/** The embedding space a table was created for, from its schema metadata and vector column. */
export function spaceOfSchema(schema: Schema): { model: string | undefined; dimension: number | undefined } {
  const vectorType: unknown = schema.fields.find((field) => field.name === VECTOR_COLUMN)?.type;
  return {
    model: schema.metadata.get(METADATA_MODEL),
    // isFixedSizeList checks the type id, so it also works if the SDK carries its own arrow copy.
    dimension: vectorType && DataType.isFixedSizeList(vectorType) ? vectorType.listSize : undefined,
  };
}

export function toChunkRow(chunk: ChunkRecord): Record<string, unknown> {
  return {
    ...storedFieldsOf(chunk),
    [SEARCH_TEXT_COLUMN]: searchTextOf(chunk),
    // Stored at unit length, so a dot product ranks as cosine does (see the adapter's dense search).
    [VECTOR_COLUMN]: toUnitVector(chunk.vector),
  };
}

/** Narrows a LanceDB result row (typed `any` by the SDK) to a StoredChunk, failing loudly on drift. */
export function toStoredChunk(row: Record<string, unknown>): StoredChunk {
  const visibility = row.visibility;
  if (!isVisibility(visibility)) throw new TypeError(`LanceDB row has an unknown visibility: ${String(visibility)}`);
  const url = row.url;
  if (url !== null && typeof url !== 'string') throw new TypeError('LanceDB row has a non-string url');
  const position = row.position;
  if (typeof position !== 'number') throw new TypeError('LanceDB row has a non-numeric position');
  return {
    id: stringField(row, 'id'),
    workspaceId: stringField(row, 'workspaceId'),
    sourceId: stringField(row, 'sourceId'),
    documentId: stringField(row, 'documentId'),
    visibility,
    title: stringField(row, 'title'),
    headingPath: listField(row, 'headingPath').map(String),
    text: stringField(row, 'text'),
    url,
    position,
    contentHash: stringField(row, 'contentHash'),
  };
}

/** The stored vector of a row, when the query selected it. */
export function vectorOf(row: Record<string, unknown>): ArrayLike<number> | null {
  const value = row[VECTOR_COLUMN];
  if (value === undefined || value === null) return null;
  // An Arrow vector hands over its typed array at once; iterating it visits every element (slow on hot paths).
  const toArray = typeof value === 'object' && 'toArray' in value ? value.toArray : null;
  if (typeof toArray === 'function') {
    const array: unknown = (toArray as () => unknown).call(value);
    if (array instanceof Float32Array || array instanceof Float64Array) return array;
  }
  return listField(row, VECTOR_COLUMN).map(Number);
}

export function numberField(row: Record<string, unknown>, name: string): number {
  const value = row[name];
  if (typeof value !== 'number') throw new TypeError(`LanceDB row has a non-numeric ${name}`);
  return value;
}

function stringField(row: Record<string, unknown>, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new TypeError(`LanceDB row has a non-string ${name}`);
  return value;
}

// Arrow list and fixed-size-list cells arrive as Vectors (iterable), plain arrays or typed arrays.
function listField(row: Record<string, unknown>, name: string): unknown[] {
  const value = row[name];
  if (Array.isArray(value)) return value as unknown[];
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>);
  }
  throw new TypeError(`LanceDB row has a non-list ${name}`);
}
