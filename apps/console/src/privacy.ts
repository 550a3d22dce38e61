/** What the retention field says: a period in days, forever (empty), or why it is not one. */
export type RetentionInput = { retentionDays: number | null } | { error: string };

export const RETENTION_DAYS_MAX = 3650;

/** Reads the retention field: empty keeps conversations forever, else a whole number of days from 1 to 3650. */
export function parseRetention(text: string): RetentionInput {
  const trimmed = text.trim();
  if (trimmed === '') return { retentionDays: null };
  if (!/^\d+$/.test(trimmed)) return { error: 'Enter a whole number of days, or leave it empty to keep everything.' };
  const days = Number(trimmed);
  if (days < 1 || days > RETENTION_DAYS_MAX) return { error: `Enter 1 to ${RETENTION_DAYS_MAX} days.` };
  return { retentionDays: days };
}

/** "12 messages · 2 conversations · …": the non-zero counts of an erasure, largest first. */
export function erasureSummary(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => `${count} ${kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing held';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isContactId(text: string): boolean {
  return UUID.test(text.trim());
}
