import type { Schemas } from '@qdrant/js-client-rest';
import { ChunkFilter } from '../vector-store.port';
import { isUuid, isVisibility } from '../chunk-validation';
import { InvalidFilterValueError } from '../vector-store.errors';

type Condition = Schemas['Condition'];

export function uuidValue(value: unknown, field: string): string {
  if (!isUuid(value)) throw new InvalidFilterValueError(field, value);
  return value;
}

/** Qdrant's schema wants unique items in `any` and `has_id` lists. */
function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function keywordEquals(key: 'workspaceId' | 'sourceId' | 'documentId', value: unknown): Condition {
  return { key, match: { value: uuidValue(value, key) } };
}

function uuidAny(key: 'sourceId' | 'documentId', values: readonly unknown[]): Condition {
  return { key, match: { any: unique(values.map((value) => uuidValue(value, key))) } };
}

export function hasId(ids: readonly unknown[]): Condition {
  return { has_id: unique(ids.map((id) => uuidValue(id, 'chunk id'))) };
}

/** True when a filter list is present but empty: it matches nothing (fail closed), so no request is needed. */
export function filterMatchesNothing(filter: ChunkFilter): boolean {
  return filter.visibility?.length === 0 || filter.sourceIds?.length === 0 || filter.documentIds?.length === 0;
}

/** The filter every read uses: the workspace first, then the optional filters. */
export function chunkFilter(workspaceId: unknown, filter: ChunkFilter = {}): Schemas['Filter'] {
  const must: Condition[] = [keywordEquals('workspaceId', workspaceId)];
  if (filter.visibility) {
    for (const value of filter.visibility)
      if (!isVisibility(value)) throw new InvalidFilterValueError('visibility', value);
    must.push({ key: 'visibility', match: { any: unique(filter.visibility) } });
  }
  if (filter.sourceIds) must.push(uuidAny('sourceId', filter.sourceIds));
  if (filter.documentIds) must.push(uuidAny('documentId', filter.documentIds));
  return { must };
}
