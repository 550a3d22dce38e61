import type { Schemas } from '@qdrant/js-client-rest';

/** A request Qdrant itself would refuse (bad vector, unknown collection...): answered with `status` and Qdrant's message. */
export class QdrantDoubleRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'QdrantDoubleRejection';
  }
}

/** Valid per the spec, but a feature this double does not emulate: the test must not rely on it. */
export class QdrantDoubleUnsupported extends Error {
  constructor(feature: string) {
    super(`the Qdrant double does not implement ${feature}`);
    this.name = 'QdrantDoubleUnsupported';
  }
}

type PointId = number | string;
type Json = Record<string, unknown>;

interface SparseVector {
  indices: number[];
  values: number[];
}

interface StoredPoint {
  id: PointId;
  version: number;
  dense: Map<string, number[]>;
  sparse: Map<string, SparseVector>;
  payload: Json;
}

interface Candidate {
  point: StoredPoint;
  score: number;
}

interface QueryNode {
  prefetch?: unknown;
  query?: unknown;
  using?: string | null;
  filter?: unknown;
  score_threshold?: number | null;
  limit?: number | null;
  offset?: number | null;
}

interface DenseSpace {
  size: number;
  distance: Schemas['Distance'];
}

const DEFAULT_LIMIT = 10;
// Qdrant's default RRF constant (lib/segment/src/common/reciprocal_rank_fusion.rs).
const QDRANT_DEFAULT_RRF_K = 2;
const UNSUPPORTED_QUERIES = ['recommend', 'discover', 'context', 'order_by', 'formula', 'sample', 'relevance_feedback'];
const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

function isSparse(value: unknown): value is SparseVector {
  return isObject(value) && isNumberArray(value.indices) && isNumberArray(value.values);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Qdrant parses UUIDs, so any accepted spelling names the same point; responses use the hyphenated lowercase form. */
export function normalizePointId(id: unknown): PointId {
  if (typeof id === 'number') return id;
  const match = typeof id === 'string' ? UUID.exec(id) : null;
  if (!match) throw new QdrantDoubleRejection(400, `Wrong input: Unable to parse point id ${JSON.stringify(id)}`);
  return match.slice(1).join('-').toLowerCase();
}

function idKey(id: PointId): string {
  return typeof id === 'number' ? `n:${id}` : `u:${id}`;
}

// Qdrant orders integer ids before UUIDs, UUIDs as 128-bit numbers (= lowercase hex order).
function compareIds(a: PointId, b: PointId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function byScoreThenId(a: Candidate, b: Candidate): number {
  return b.score - a.score || compareIds(a.point.id, b.point.id);
}

function normalize(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? vector.slice() : vector.map((v) => v / norm);
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Values at a dotted payload path, arrays flattened (Qdrant matches a condition against any element). */
function payloadValues(payload: Json, key: string): unknown[] {
  let current: unknown[] = [payload];
  for (const part of key.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (isObject(value) && part in value) next.push(value[part]);
    }
    current = next.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
  }
  return current;
}

/** One collection: points, payload indexes and the searches the adapter relies on, computed exactly (no HNSW). */
export class InMemoryCollection {
  private readonly denseSpaces = new Map<string, DenseSpace>();
  private readonly sparseSpaces = new Map<string, Schemas['SparseVectorParams']>();
  private readonly payloadIndexes = new Map<string, Schemas['PayloadFieldSchema']>();
  private readonly points = new Map<string, StoredPoint>();
  private operationId = 0;

  constructor(
    readonly name: string,
    private readonly config: Schemas['CreateCollection'],
  ) {
    const vectors = config.vectors;
    if (isObject(vectors) && typeof vectors.size === 'number') {
      this.addDenseSpace('', vectors as Schemas['VectorParams']);
    } else if (isObject(vectors)) {
      for (const [vectorName, params] of Object.entries(vectors))
        this.addDenseSpace(vectorName, params as Schemas['VectorParams']);
    }
    for (const [vectorName, params] of Object.entries(config.sparse_vectors ?? {})) {
      if (params) this.sparseSpaces.set(vectorName, params);
    }
  }

  private addDenseSpace(vectorName: string, params: Schemas['VectorParams']): void {
    if (params.multivector_config) throw new QdrantDoubleUnsupported('multivectors');
    if (params.distance !== 'Cosine' && params.distance !== 'Dot') {
      throw new QdrantDoubleUnsupported(`distance ${params.distance}`);
    }
    this.denseSpaces.set(vectorName, { size: params.size, distance: params.distance });
  }

  get pointCount(): number {
    return this.points.size;
  }

  info(): Schemas['CollectionInfo'] {
    const payloadSchema: Record<string, Schemas['PayloadIndexInfo']> = {};
    for (const [field, schema] of this.payloadIndexes) {
      const params = typeof schema === 'string' ? undefined : schema;
      const dataType = typeof schema === 'string' ? schema : schema.type;
      const indexed = [...this.points.values()].filter((p) => payloadValues(p.payload, field).length > 0).length;
      payloadSchema[field] = { data_type: dataType, ...(params ? { params } : {}), points: indexed };
    }
    return {
      status: 'green',
      optimizer_status: 'ok',
      indexed_vectors_count: 0,
      points_count: this.points.size,
      segments_count: 1,
      config: {
        params: {
          vectors: this.config.vectors ?? {},
          shard_number: 1,
          replication_factor: 1,
          write_consistency_factor: 1,
          on_disk_payload: true,
          ...(this.config.sparse_vectors ? { sparse_vectors: this.config.sparse_vectors } : {}),
        },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
        optimizer_config: {
          deleted_threshold: 0.2,
          vacuum_min_vector_number: 1000,
          default_segment_number: 0,
          max_segment_size: null,
          memmap_threshold: null,
          indexing_threshold: 10000,
          flush_interval_sec: 5,
          max_optimization_threads: null,
        },
        wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
        quantization_config: null,
        ...(this.config.metadata ? { metadata: this.config.metadata } : {}),
      },
      payload_schema: payloadSchema,
    };
  }

  createPayloadIndex(
    field: string,
    schema: Schemas['PayloadFieldSchema'] | null | undefined,
    wait: boolean,
  ): Schemas['UpdateResult'] {
    if (schema === undefined || schema === null) {
      throw new QdrantDoubleUnsupported('payload indexes with an inferred field_schema');
    }
    this.payloadIndexes.set(field, schema);
    return this.updated(wait);
  }

  upsert(body: Schemas['PointInsertOperations'], wait: boolean): Schemas['UpdateResult'] {
    if (!('points' in body)) throw new QdrantDoubleUnsupported('batch (column-wise) upserts');
    if (body.update_mode) throw new QdrantDoubleUnsupported('upsert update_mode');
    const staged = body.points.map((point) => this.toStoredPoint(point));
    const version = ++this.operationId;
    for (const point of staged) {
      const existing = this.points.get(idKey(point.id));
      // update_filter: an existing point that does not match keeps its state; new points are always inserted.
      if (existing && body.update_filter && !this.matches(existing, body.update_filter)) continue;
      this.points.set(idKey(point.id), { ...point, version });
    }
    return { operation_id: version, status: wait ? 'completed' : 'acknowledged' };
  }

  delete(body: Schemas['PointsSelector'], wait: boolean): Schemas['UpdateResult'] {
    if ('points' in body) {
      for (const id of body.points) this.points.delete(idKey(normalizePointId(id)));
    } else {
      for (const [key, point] of this.points) if (this.matches(point, body.filter)) this.points.delete(key);
    }
    return this.updated(wait);
  }

  retrieve(body: Schemas['PointRequest']): Schemas['Record'][] {
    return body.ids.flatMap((id) => {
      const point = this.points.get(idKey(normalizePointId(id)));
      return point ? [this.toRecord(point, body.with_payload ?? true, body.with_vector ?? false)] : [];
    });
  }

  count(body: Schemas['CountRequest'] | undefined): Schemas['CountResult'] {
    return { count: this.filtered(body?.filter).length };
  }

  scroll(body: Schemas['ScrollRequest'] | undefined): Schemas['ScrollResult'] {
    if (body?.order_by) throw new QdrantDoubleUnsupported('scroll order_by');
    const limit = body?.limit ?? DEFAULT_LIMIT;
    const offset = body?.offset === undefined || body.offset === null ? undefined : normalizePointId(body.offset);
    const ordered = this.filtered(body?.filter)
      .filter((p) => offset === undefined || compareIds(p.id, offset) >= 0)
      .sort((a, b) => compareIds(a.id, b.id));
    const page = ordered.slice(0, limit);
    return {
      points: page.map((point) => this.toRecord(point, body?.with_payload ?? true, body?.with_vector ?? false)),
      next_page_offset: ordered.length > limit ? ordered[limit].id : null,
    };
  }

  queryPoints(request: Schemas['QueryRequest']): Schemas['QueryResponse'] {
    const candidates = this.execute(request, undefined);
    const offset = request.offset ?? 0;
    const page = candidates.slice(offset, offset + (request.limit ?? DEFAULT_LIMIT));
    return {
      points: page.map(({ point, score }) => ({
        ...this.toRecord(point, request.with_payload ?? false, request.with_vector ?? false),
        version: point.version,
        score,
      })),
    };
  }

  private updated(wait: boolean): Schemas['UpdateResult'] {
    return { operation_id: ++this.operationId, status: wait ? 'completed' : 'acknowledged' };
  }

  private toStoredPoint(point: Schemas['PointStruct']): Omit<StoredPoint, 'version'> {
    const id = normalizePointId(point.id);
    const dense = new Map<string, number[]>();
    const sparse = new Map<string, SparseVector>();
    const vectors: Json | null = isNumberArray(point.vector)
      ? { '': point.vector }
      : isObject(point.vector)
        ? point.vector
        : null;
    if (!vectors) throw new QdrantDoubleUnsupported('multivector or inference inputs');
    for (const [vectorName, value] of Object.entries(vectors)) {
      const denseSpace = this.denseSpaces.get(vectorName);
      if (denseSpace) {
        if (!isNumberArray(value))
          throw new QdrantDoubleRejection(400, `Wrong input: Conversion between sparse and regular vectors failed`);
        if (value.length !== denseSpace.size) {
          throw new QdrantDoubleRejection(
            400,
            `Wrong input: Vector dimension error: expected dim: ${denseSpace.size}, got ${value.length}`,
          );
        }
        dense.set(vectorName, denseSpace.distance === 'Cosine' ? normalize(value) : value.slice());
      } else if (this.sparseSpaces.has(vectorName)) {
        if (!isSparse(value))
          throw new QdrantDoubleRejection(400, `Wrong input: Conversion between sparse and regular vectors failed`);
        sparse.set(vectorName, this.checkedSparse(value));
      } else {
        throw new QdrantDoubleRejection(400, `Wrong input: Not existing vector name error: ${vectorName}`);
      }
    }
    return { id, dense, sparse, payload: point.payload ?? {} };
  }

  private checkedSparse(vector: SparseVector): SparseVector {
    if (vector.indices.length !== vector.values.length) {
      throw new QdrantDoubleRejection(
        400,
        'Validation error in JSON body: [sparse vector: indices and values must have the same length]',
      );
    }
    if (new Set(vector.indices).size !== vector.indices.length) {
      throw new QdrantDoubleRejection(400, 'Validation error in JSON body: [sparse vector: indices must be unique]');
    }
    return { indices: vector.indices.slice(), values: vector.values.slice() };
  }

  private toRecord(point: StoredPoint, withPayload: unknown, withVector: unknown): Schemas['Record'] {
    const record: Schemas['Record'] = { id: point.id };
    const payload = this.selectPayload(point.payload, withPayload);
    if (payload) record.payload = payload;
    if (withVector !== false && withVector !== undefined && withVector !== null) {
      const names = Array.isArray(withVector) ? (withVector as string[]) : undefined;
      const vector: Record<string, number[] | SparseVector> = {};
      for (const [name, value] of [...point.dense, ...point.sparse])
        if (!names || names.includes(name)) vector[name] = value;
      record.vector = vector;
    }
    return record;
  }

  private selectPayload(payload: Json, withPayload: unknown): Json | undefined {
    if (withPayload === true) return payload;
    if (Array.isArray(withPayload)) {
      return Object.fromEntries(Object.entries(payload).filter(([key]) => (withPayload as string[]).includes(key)));
    }
    if (isObject(withPayload)) throw new QdrantDoubleUnsupported('payload selectors');
    return undefined;
  }

  private filtered(filter: unknown): StoredPoint[] {
    return [...this.points.values()].filter((point) => this.matches(point, filter));
  }

  private execute(node: QueryNode, parentFilter: unknown): Candidate[] {
    // The root query's filter also restricts its prefetches, as in Qdrant.
    const filters = [parentFilter, node.filter].filter((f) => f !== undefined && f !== null);
    const admitted = (point: StoredPoint): boolean => filters.every((f) => this.matches(point, f));
    const limit = node.limit ?? DEFAULT_LIMIT;
    const offset = node.offset ?? 0;
    const prefetches = asList(node.prefetch) as QueryNode[];
    const combinedFilter = filters.length === 0 ? undefined : { must: filters };
    const sources = prefetches.map((prefetch) => this.execute(prefetch, combinedFilter));
    let ranked: Candidate[];

    const query = node.query;
    if (isObject(query) && 'fusion' in query) {
      if (query.fusion !== 'rrf') throw new QdrantDoubleUnsupported(`fusion ${String(query.fusion)}`);
      ranked = this.rrf(sources, QDRANT_DEFAULT_RRF_K, undefined);
    } else if (isObject(query) && 'rrf' in query) {
      const params = isObject(query.rrf) ? query.rrf : {};
      const k = typeof params.k === 'number' ? params.k : QDRANT_DEFAULT_RRF_K;
      ranked = this.rrf(sources, k, isNumberArray(params.weights) ? params.weights : undefined);
    } else if (query === undefined || query === null) {
      if (prefetches.length > 0) throw new QdrantDoubleUnsupported('prefetch without a query');
      ranked = this.filtered(undefined)
        .filter(admitted)
        .sort((a, b) => compareIds(a.id, b.id))
        .map((point) => ({ point, score: 0 }));
    } else if (isObject(query) && UNSUPPORTED_QUERIES.some((kind) => kind in query)) {
      throw new QdrantDoubleUnsupported(`${Object.keys(query).join(', ')} queries`);
    } else {
      const vector = isObject(query) && 'nearest' in query ? query.nearest : query;
      if (isObject(query) && 'mmr' in query && query.mmr) throw new QdrantDoubleUnsupported('MMR');
      const pool = prefetches.length > 0 ? this.union(sources) : this.filtered(undefined).filter(admitted);
      ranked = this.nearest(vector, node.using ?? '', pool);
    }
    const threshold = node.score_threshold;
    if (typeof threshold === 'number') ranked = ranked.filter((c) => c.score >= threshold);
    // Prefetches have no offset (0 here); query() cuts the root's offset off the front.
    return ranked.slice(0, offset + limit);
  }

  private union(sources: Candidate[][]): StoredPoint[] {
    const byId = new Map<string, StoredPoint>();
    for (const source of sources) for (const { point } of source) byId.set(idKey(point.id), point);
    return [...byId.values()];
  }

  private rrf(sources: Candidate[][], k: number, weights: number[] | undefined): Candidate[] {
    if (sources.length === 0) throw new QdrantDoubleRejection(400, 'Bad request: Fusion queries need prefetches');
    if (weights && weights.length !== sources.length) {
      throw new QdrantDoubleRejection(
        400,
        `Bad request: Number of weights in RRF should match number of pre-fetches: got ${weights.length}, expected ${sources.length}`,
      );
    }
    const fused = new Map<string, Candidate>();
    sources.forEach((source, s) => {
      const weight = weights?.[s] ?? 1;
      source.forEach(({ point }, position) => {
        const score = weight <= 0 ? 0 : 1 / ((position + 1) / weight + k - 1);
        const existing = fused.get(idKey(point.id));
        if (existing) existing.score += score;
        else fused.set(idKey(point.id), { point, score });
      });
    });
    return [...fused.values()].sort(byScoreThenId);
  }

  private nearest(vector: unknown, using: string, pool: StoredPoint[]): Candidate[] {
    const denseSpace = this.denseSpaces.get(using);
    if (denseSpace) {
      if (!isNumberArray(vector)) throw new QdrantDoubleUnsupported('non-dense queries against a dense vector');
      if (vector.length !== denseSpace.size) {
        throw new QdrantDoubleRejection(
          400,
          `Wrong input: Vector dimension error: expected dim: ${denseSpace.size}, got ${vector.length}`,
        );
      }
      const query = denseSpace.distance === 'Cosine' ? normalize(vector) : vector;
      return pool
        .flatMap((point) => {
          const stored = point.dense.get(using);
          return stored ? [{ point, score: dot(query, stored) }] : [];
        })
        .sort(byScoreThenId);
    }
    const sparseSpace = this.sparseSpaces.get(using);
    if (sparseSpace) {
      if (!isSparse(vector))
        throw new QdrantDoubleRejection(400, `Wrong input: Conversion between sparse and regular vectors failed`);
      const query = this.checkedSparse(vector);
      const idf = sparseSpace.modifier === 'idf' ? this.inverseDocumentFrequencies(using, query.indices) : undefined;
      return pool
        .flatMap((point) => {
          const stored = point.sparse.get(using);
          if (!stored) return [];
          let score = 0;
          let overlap = false;
          query.indices.forEach((index, i) => {
            const position = stored.indices.indexOf(index);
            if (position < 0) return;
            overlap = true;
            score += query.values[i] * (idf?.get(index) ?? 1) * stored.values[position];
          });
          return overlap ? [{ point, score }] : [];
        })
        .sort(byScoreThenId);
    }
    throw new QdrantDoubleRejection(400, `Wrong input: Not existing vector name error: ${using}`);
  }

  /** BM25's IDF over the whole collection, as Qdrant's `idf` modifier computes it: ln(1 + (N − n + 0.5) / (n + 0.5)). */
  private inverseDocumentFrequencies(using: string, indices: number[]): Map<number, number> {
    let total = 0;
    const documentFrequency = new Map<number, number>(indices.map((index) => [index, 0]));
    for (const point of this.points.values()) {
      const vector = point.sparse.get(using);
      if (!vector) continue;
      total++;
      for (const index of vector.indices) {
        const n = documentFrequency.get(index);
        if (n !== undefined) documentFrequency.set(index, n + 1);
      }
    }
    return new Map([...documentFrequency].map(([index, n]) => [index, Math.log(1 + (total - n + 0.5) / (n + 0.5))]));
  }

  matches(point: StoredPoint, filter: unknown): boolean {
    if (filter === undefined || filter === null) return true;
    if (!isObject(filter)) throw new QdrantDoubleRejection(400, 'Bad request: filter must be an object');
    const must = asList(filter.must);
    const mustNot = asList(filter.must_not);
    const should = asList(filter.should);
    if (!must.every((c) => this.condition(point, c))) return false;
    if (mustNot.some((c) => this.condition(point, c))) return false;
    if (should.length > 0 && !should.some((c) => this.condition(point, c))) return false;
    if (isObject(filter.min_should)) {
      const minShould = filter.min_should as Schemas['MinShould'];
      if (minShould.conditions.filter((c) => this.condition(point, c)).length < minShould.min_count) return false;
    }
    return true;
  }

  private condition(point: StoredPoint, condition: unknown): boolean {
    if (!isObject(condition)) throw new QdrantDoubleRejection(400, 'Bad request: a condition must be an object');
    if ('has_id' in condition) {
      const ids = new Set(asList(condition.has_id).map((id) => idKey(normalizePointId(id))));
      return ids.has(idKey(point.id));
    }
    if ('key' in condition && typeof condition.key === 'string')
      return this.fieldCondition(point, condition as Schemas['FieldCondition']);
    if ('is_empty' in condition && isObject(condition.is_empty)) {
      return payloadValues(point.payload, String(condition.is_empty.key)).filter((v) => v !== null).length === 0;
    }
    if ('is_null' in condition && isObject(condition.is_null)) {
      return payloadValues(point.payload, String(condition.is_null.key)).some((v) => v === null);
    }
    if ('has_vector' in condition) {
      const name = String(condition.has_vector);
      return point.dense.has(name) || point.sparse.has(name);
    }
    if ('nested' in condition) throw new QdrantDoubleUnsupported('nested conditions');
    return this.matches(point, condition);
  }

  private fieldCondition(point: StoredPoint, condition: Schemas['FieldCondition']): boolean {
    const values = payloadValues(point.payload, condition.key);
    const checks: boolean[] = [];
    const match = condition.match;
    if (isObject(match)) {
      if ('value' in match) checks.push(values.some((v) => v === match.value));
      else if ('any' in match && Array.isArray(match.any)) {
        const any = match.any as unknown[];
        checks.push(values.some((v) => any.includes(v)));
      } else if ('except' in match && Array.isArray(match.except)) {
        const except = match.except as unknown[];
        checks.push(values.length === 0 || values.some((v) => !except.includes(v)));
      } else throw new QdrantDoubleUnsupported(`match ${Object.keys(match).join(', ')}`);
    }
    const range = condition.range;
    if (isObject(range)) {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const { gt, gte, lt, lte } = range as { gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown };
      if ([gt, gte, lt, lte].some((b) => b !== undefined && b !== null && typeof b !== 'number')) {
        throw new QdrantDoubleUnsupported('datetime ranges');
      }
      checks.push(
        numbers.some(
          (v) =>
            (typeof gt !== 'number' || v > gt) &&
            (typeof gte !== 'number' || v >= gte) &&
            (typeof lt !== 'number' || v < lt) &&
            (typeof lte !== 'number' || v <= lte),
        ),
      );
    }
    if (condition.is_empty === true || condition.is_empty === false) {
      checks.push((values.filter((v) => v !== null).length === 0) === condition.is_empty);
    }
    if (condition.is_null === true || condition.is_null === false) {
      checks.push(values.some((v) => v === null) === condition.is_null);
    }
    if (condition.geo_bounding_box || condition.geo_radius || condition.geo_polygon || condition.values_count) {
      throw new QdrantDoubleUnsupported('geo and values_count conditions');
    }
    if (checks.length === 0) {
      throw new QdrantDoubleRejection(
        400,
        `Validation error in JSON body: [At least one field condition must be specified for key ${condition.key}]`,
      );
    }
    return checks.every(Boolean);
  }
}
