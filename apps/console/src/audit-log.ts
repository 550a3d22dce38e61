import type { AuditEventView, AuditEventsFilter } from '@switchboard/contracts';

/** One changed field as the page shows it. */
export interface ChangeLine {
  field: string;
  before: string;
  after: string;
}

/** The event's diff as lines, in field order; a missing side reads '—'. */
export function changeLines(event: Pick<AuditEventView, 'diff'>): ChangeLine[] {
  return Object.entries(event.diff)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, change]) => ({ field, before: shown(change.before), after: shown(change.after) }));
}

const ACTOR_TYPES: Record<AuditEventView['actor']['type'], string> = {
  agent: 'Agent',
  api_key: 'API key',
  admin_token: 'Admin token',
  system: 'System',
};

export function actorTypeLabel(type: AuditEventView['actor']['type']): string {
  return ACTOR_TYPES[type];
}

export function targetText(target: AuditEventView['target']): string {
  return target.id ? `${target.type} ${target.id}` : target.type;
}

/** The filter form's values as the API's query: blanks left out, `since`/`until` read as local dates. */
export function filterQuery(form: {
  action: string;
  actorType: string;
  since: string;
  until: string;
}): AuditEventsFilter {
  const query: AuditEventsFilter = {};
  if (form.action.trim()) query.action = form.action.trim();
  if (form.actorType) query.actorType = form.actorType as AuditEventsFilter['actorType'];
  if (form.since) query.since = new Date(`${form.since}T00:00:00`).toISOString();
  if (form.until) query.until = new Date(`${form.until}T00:00:00`).toISOString();
  return query;
}

/** A query string of the defined values, `?` included; empty when there are none. */
export function queryString(query: object): string {
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined && value !== '');
  if (pairs.length === 0) return '';
  return `?${pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`).join('&')}`;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
