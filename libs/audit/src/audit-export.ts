import type { AuditEventView } from '@switchboard/contracts';

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const AUDIT_EXPORT_MEDIA_TYPES: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
};

const CSV_COLUMNS = [
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'actorDisplay',
  'ip',
  'action',
  'targetType',
  'targetId',
  'diff',
] as const;

/** The export as lines of text: a header then one row per event (CSV), or one JSON object per line (JSONL). */
export async function* auditExportLines(
  events: AsyncIterable<AuditEventView>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const event of events) {
    yield format === 'csv' ? `${csvRow(event)}\r\n` : `${JSON.stringify(event)}\n`;
  }
}

function csvRow(event: AuditEventView): string {
  const cells = [
    event.id,
    event.occurredAt,
    event.actor.type,
    event.actor.id,
    event.actor.display,
    event.ip,
    event.action,
    event.target.type,
    event.target.id,
    JSON.stringify(event.diff),
  ];
  return cells.map(csvCell).join(',');
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection). */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
