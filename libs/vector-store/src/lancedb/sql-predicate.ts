import { isUuid, isVisibility } from '../chunk-validation';
import { ChunkFilter } from '../vector-store.port';

/** Columns a predicate may name; anything else never reaches SQL. */
export type PredicateColumn = 'id' | 'workspaceId' | 'sourceId' | 'documentId' | 'visibility';

/** A value that cannot be placed in a LanceDB predicate (not a UUID, unknown visibility, ...). */
export class InvalidPredicateValueError extends Error {
  constructor(field: string, value: unknown) {
    super(`Invalid ${field} for a vector-store filter: ${JSON.stringify(value)?.slice(0, 80) ?? String(value)}`);
    this.name = 'InvalidPredicateValueError';
  }
}

/** A single-quoted SQL string literal; quotes are doubled and NUL is refused. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new InvalidPredicateValueError('string literal', value);
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier; backticks keep camelCase names from being case-folded. */
export function sqlColumn(column: PredicateColumn): string {
  return `\`${column}\``;
}

export function uuidLiteral(value: unknown, field: string): string {
  if (!isUuid(value)) throw new InvalidPredicateValueError(field, value);
  return sqlString(value);
}

export function uuidEquals(column: PredicateColumn, value: unknown): string {
  return `${sqlColumn(column)} = ${uuidLiteral(value, column)}`;
}

export function uuidIn(column: PredicateColumn, values: readonly unknown[]): string {
  if (values.length === 0) return 'false';
  return `${sqlColumn(column)} IN (${values.map((value) => uuidLiteral(value, column)).join(', ')})`;
}

export function uuidNotIn(column: PredicateColumn, values: readonly unknown[]): string {
  if (values.length === 0) return 'true';
  return `${sqlColumn(column)} NOT IN (${values.map((value) => uuidLiteral(value, column)).join(', ')})`;
}

export function visibilityIn(values: readonly unknown[]): string {
  if (values.length === 0) return 'false';
  const literals = values.map((value) => {
    if (!isVisibility(value)) throw new InvalidPredicateValueError('visibility', value);
    return sqlString(value);
  });
  return `${sqlColumn('visibility')} IN (${literals.join(', ')})`;
}

export function and(...parts: string[]): string {
  return parts.map((part) => `(${part})`).join(' AND ');
}

/**
 * The predicate every read uses: the workspace first, then the optional filters.
 * An empty filter list matches nothing (fail closed), never everything.
 */
export function chunkFilterPredicate(workspaceId: unknown, filter: ChunkFilter = {}): string {
  const parts = [uuidEquals('workspaceId', workspaceId)];
  if (filter.visibility) parts.push(visibilityIn(filter.visibility));
  if (filter.sourceIds) parts.push(uuidIn('sourceId', filter.sourceIds));
  if (filter.documentIds) parts.push(uuidIn('documentId', filter.documentIds));
  return and(...parts);
}

/** True when a filter list is present but empty, so the query can be skipped. */
export function filterMatchesNothing(filter: ChunkFilter): boolean {
  return filter.visibility?.length === 0 || filter.sourceIds?.length === 0 || filter.documentIds?.length === 0;
}
