export type Route =
  | { name: 'login' }
  | { name: 'tickets'; ticketId: string | null }
  | { name: 'reports' }
  | { name: 'canned-replies' }
  | { name: 'actions' }
  | { name: 'fine-tuning' }
  | { name: 'audit-log' }
  | { name: 'webhooks' }
  | { name: 'search'; conversationId: string | null }
  | { name: 'privacy' }
  | { name: 'not-found' };

/** Reads a location hash ("#/tickets/abc") into a route; an empty hash is the queue. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0];
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.length === 0) return { name: 'tickets', ticketId: null };
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { name: 'not-found' };
  switch (first) {
    case 'login':
      return second === undefined ? { name: 'login' } : { name: 'not-found' };
    case 'tickets':
      return { name: 'tickets', ticketId: second === undefined ? null : safeDecode(second) };
    case 'reports':
      return second === undefined ? { name: 'reports' } : { name: 'not-found' };
    case 'canned-replies':
      return second === undefined ? { name: 'canned-replies' } : { name: 'not-found' };
    case 'actions':
      return second === undefined ? { name: 'actions' } : { name: 'not-found' };
    case 'fine-tuning':
      return second === undefined ? { name: 'fine-tuning' } : { name: 'not-found' };
    case 'audit-log':
      return second === undefined ? { name: 'audit-log' } : { name: 'not-found' };
    case 'webhooks':
      return second === undefined ? { name: 'webhooks' } : { name: 'not-found' };
    case 'search':
      return { name: 'search', conversationId: second === undefined ? null : safeDecode(second) };
    case 'privacy':
      return second === undefined ? { name: 'privacy' } : { name: 'not-found' };
    default:
      return { name: 'not-found' };
  }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login';
    case 'tickets':
      return route.ticketId === null ? '#/tickets' : `#/tickets/${encodeURIComponent(route.ticketId)}`;
    case 'reports':
      return '#/reports';
    case 'canned-replies':
      return '#/canned-replies';
    case 'actions':
      return '#/actions';
    case 'fine-tuning':
      return '#/fine-tuning';
    case 'audit-log':
      return '#/audit-log';
    case 'webhooks':
      return '#/webhooks';
    case 'search':
      return route.conversationId === null ? '#/search' : `#/search/${encodeURIComponent(route.conversationId)}`;
    case 'privacy':
      return '#/privacy';
    case 'not-found':
      return '#/tickets';
  }
}

/** The privacy page with a contact's id filled in (the hash's query, which routing ignores). */
export function contactPrivacyHash(contactId: string): string {
  return `#/privacy?contact=${encodeURIComponent(contactId)}`;
}

/** The contact id a privacy hash carries, if any. */
export function contactOfHash(hash: string): string | null {
  const query = hash.split('?')[1];
  return query === undefined ? null : new URLSearchParams(query).get('contact');
}

export function ticketHash(ticketId: string): string {
  return routeHash({ name: 'tickets', ticketId });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
