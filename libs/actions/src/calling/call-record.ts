import type { ActionCallOutcomeKind } from './call-outcome';

export const EXCERPT_CHARS = 500;
export const REDACTED_IDENTITY = '[verified identity]';
export const REDACTED_SECRET = '[secret]';

/** One action call as it goes on the AnswerTrace: no secret value, identity values redacted. */
export interface ActionCallRecord {
  action: string;
  /** The arguments sent, identity parameters shown as REDACTED_IDENTITY. */
  arguments: Record<string, unknown>;
  /** The last HTTP status received, or null when no response came (refused, timed out, network error). */
  status: number | null;
  latencyMs: number;
  outcome: ActionCallOutcomeKind;
  /** HTTP attempts made: 0 when refused before calling, 2 after the one retry. */
  attempts: number;
  /** The start of the response body, secrets scrubbed; null when there was none. */
  responseExcerpt: string | null;
}

/** Replaces every secret value (raw or as escaped inside JSON) in the text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (form) scrubbed = scrubbed.split(form).join(REDACTED_SECRET);
    }
  }
  return scrubbed;
}

/** The value with secrets scrubbed from every string in it. */
export function scrubSecretsDeep(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubSecretsDeep(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubSecretsDeep(item, secrets)]));
  }
  return value;
}

/** The start of a response body as text, secrets scrubbed first so a cut never leaves part of one. */
export function excerptOf(body: Buffer, secrets: readonly string[]): string {
  return scrubSecrets(body.toString('utf8'), secrets).slice(0, EXCERPT_CHARS);
}

/** The arguments for the record: identity values redacted, secrets scrubbed. */
export function recordedArguments(
  args: Record<string, unknown>,
  identity: readonly string[],
  secrets: readonly string[],
): Record<string, unknown> {
  const recorded = Object.fromEntries(
    Object.entries(args).map(([name, value]) => [name, identity.includes(name) ? REDACTED_IDENTITY : value]),
  );
  return scrubSecretsDeep(recorded, secrets) as Record<string, unknown>;
}
