import type { AuditDiff } from '@switchboard/database';

/** What a secret's value is stored as. */
export const REDACTED = '[redacted]';

/**
 * Field names whose values are secrets wherever they appear (API keys, webhook and action secrets, passwords and
 * their hashes, tokens, identity and signing secrets, credentials, authorization headers).
 */
const SECRET_FIELD = /secret|password|token|credential|api_?key|private_?key|authorization|hash|^key$|^cookie$/i;

/** Bookkeeping columns that every change moves, and the id the event's target already names. */
const IGNORED_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'workspaceId', 'workspace']);

export interface AuditDiffOptions {
  /** More field names to redact, for a secret whose name the pattern above would miss. */
  secretFields?: readonly string[];
}

type Snapshot = Record<string, unknown> | null | undefined;

/**
 * The fields that differ between two states of a target, by dotted path (nested objects are walked, arrays compared
 * whole), with every value under a secret field name replaced by REDACTED. `before` is null for a creation, `after`
 * null for a deletion. A secret that changed still shows up, as REDACTED on both sides.
 */
export function auditDiff(before: Snapshot, after: Snapshot, options: AuditDiffOptions = {}): AuditDiff {
  const isSecret = secretTest(options.secretFields ?? []);
  const diff: AuditDiff = {};
  collectChanges(plain(before ?? {}), plain(after ?? {}), '', isSecret, diff);
  return diff;
}

/** A value with every secret field's value redacted, for anything recorded whole. */
export function redactSecrets(value: unknown, secretFields: readonly string[] = []): unknown {
  return redactUnder(plain(value), secretTest(secretFields));
}

function secretTest(extra: readonly string[]): (name: string) => boolean {
  const extraNames = new Set(extra.map((name) => name.toLowerCase()));
  return (name) => SECRET_FIELD.test(name) || extraNames.has(name.toLowerCase());
}

function collectChanges(
  before: unknown,
  after: unknown,
  path: string,
  isSecret: (name: string) => boolean,
  diff: AuditDiff,
): void {
  const names = new Set([...Object.keys(asRecord(before)), ...Object.keys(asRecord(after))]);
  for (const name of names) {
    if (path === '' && IGNORED_FIELDS.has(name)) continue;
    const was = asRecord(before)[name];
    const is = asRecord(after)[name];
    const fieldPath = path ? `${path}.${name}` : name;
    if (isSecret(name)) {
      if (!sameValue(was, is)) diff[fieldPath] = { before: redactedValue(was), after: redactedValue(is) };
    } else if (bothWalkable(was, is)) {
      collectChanges(was, is, fieldPath, isSecret, diff);
    } else if (!sameValue(was, is)) {
      diff[fieldPath] = { before: redactUnder(was ?? null, isSecret), after: redactUnder(is ?? null, isSecret) };
    }
  }
}

/** Two objects, or one object where there was none (a creation, a deletion): compared field by field. */
function bothWalkable(was: unknown, is: unknown): boolean {
  const walkable = (value: unknown): boolean => isRecord(value) || value === undefined || value === null;
  return walkable(was) && walkable(is) && (isRecord(was) || isRecord(is));
}

/** A secret's absence stays visible (null), its value never; a count or flag (a token generation) is no secret. */
function redactedValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' || typeof value === 'boolean' ? value : REDACTED;
}

function redactUnder(value: unknown, isSecret: (name: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redactUnder(item, isSecret));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      isSecret(name) ? redactedValue(inner) : redactUnder(inner, isSecret),
    ]),
  );
}

/** The JSON the value would be stored as (dates become ISO strings, undefined fields vanish). */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
