import { contactOfHash, contactPrivacyHash, parseRoute, routeHash, ticketHash } from './router';

describe('parseRoute', () => {
  it('reads each console route', () => {
    expect(parseRoute('#/login')).toEqual({ name: 'login' });
    expect(parseRoute('#/tickets')).toEqual({ name: 'tickets', ticketId: null });
    expect(parseRoute('#/tickets/abc-123')).toEqual({ name: 'tickets', ticketId: 'abc-123' });
    expect(parseRoute('#/reports')).toEqual({ name: 'reports' });
    expect(parseRoute('#/canned-replies')).toEqual({ name: 'canned-replies' });
    expect(parseRoute('#/actions')).toEqual({ name: 'actions' });
    expect(parseRoute('#/fine-tuning')).toEqual({ name: 'fine-tuning' });
    expect(parseRoute('#/webhooks')).toEqual({ name: 'webhooks' });
  });

  it('round-trips the webhooks page and refuses a path under it', () => {
    expect(routeHash({ name: 'webhooks' })).toBe('#/webhooks');
    expect(parseRoute(routeHash({ name: 'webhooks' }))).toEqual({ name: 'webhooks' });
    expect(parseRoute('#/webhooks/abc')).toEqual({ name: 'not-found' });
  });

  it('round-trips the fine-tuning page and refuses a path under it', () => {
    expect(routeHash({ name: 'fine-tuning' })).toBe('#/fine-tuning');
    expect(parseRoute(routeHash({ name: 'fine-tuning' }))).toEqual({ name: 'fine-tuning' });
    expect(parseRoute('#/fine-tuning/abc')).toEqual({ name: 'not-found' });
  });

  it('round-trips the actions page and refuses a path under it', () => {
    expect(parseRoute(routeHash({ name: 'actions' }))).toEqual({ name: 'actions' });
    expect(routeHash({ name: 'actions' })).toBe('#/actions');
    expect(parseRoute('#/actions/abc')).toEqual({ name: 'not-found' });
  });

  it('treats an empty hash as the queue', () => {
    expect(parseRoute('')).toEqual({ name: 'tickets', ticketId: null });
    expect(parseRoute('#/')).toEqual({ name: 'tickets', ticketId: null });
  });

  it('round-trips the audit log page and refuses a path under it', () => {
    expect(parseRoute(routeHash({ name: 'audit-log' }))).toEqual({ name: 'audit-log' });
    expect(parseRoute('#/audit-log/x')).toEqual({ name: 'not-found' });
  });

  it('reports unknown paths as not found', () => {
    expect(parseRoute('#/settings')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/tickets/a/b')).toEqual({ name: 'not-found' });
    expect(parseRoute('#main')).toEqual({ name: 'not-found' });
  });

  it('round-trips ticket ids through the hash', () => {
    const id = 'weird id/with slash';
    expect(parseRoute(ticketHash(id))).toEqual({ name: 'tickets', ticketId: id });
    expect(routeHash({ name: 'tickets', ticketId: null })).toBe('#/tickets');
  });

  it('round-trips the search page and its picked conversation through the hash', () => {
    expect(parseRoute('#/search')).toEqual({ name: 'search', conversationId: null });
    const route = { name: 'search', conversationId: 'conv id/1' } as const;
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

describe('the privacy page hash', () => {
  it('routes to the privacy page and carries the contact id in its query', () => {
    const hash = contactPrivacyHash('0b6f1f5e-8f3c-4c1e-9a61-2f0d7e0c9b11');
    expect(parseRoute(hash)).toEqual({ name: 'privacy' });
    expect(contactOfHash(hash)).toBe('0b6f1f5e-8f3c-4c1e-9a61-2f0d7e0c9b11');
    expect(contactOfHash('#/privacy')).toBeNull();
    expect(routeHash({ name: 'privacy' })).toBe('#/privacy');
    expect(parseRoute('#/privacy/extra')).toEqual({ name: 'not-found' });
  });
});
