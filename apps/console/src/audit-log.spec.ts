import { actorTypeLabel, changeLines, filterQuery, queryString, targetText } from './audit-log';

describe('the audit log page helpers', () => {
  it('shows each changed field with both sides, strings as they are, other values as JSON, absence as a dash', () => {
    const diff = {
      role: { before: 'agent', after: 'admin' },
      'settings.confidenceThreshold': { before: 0.5, after: 0.72 },
      key: { before: null, after: '[redacted]' },
      events: { before: ['handoff'], after: null },
    };
    expect(changeLines({ diff })).toEqual([
      { field: 'events', before: '["handoff"]', after: '—' },
      { field: 'key', before: '—', after: '[redacted]' },
      { field: 'role', before: 'agent', after: 'admin' },
      { field: 'settings.confidenceThreshold', before: '0.5', after: '0.72' },
    ]);
  });

  it('names actors and targets', () => {
    expect(actorTypeLabel('api_key')).toBe('API key');
    expect(targetText({ type: 'webhook', id: 'w1' })).toBe('webhook w1');
    expect(targetText({ type: 'workspace', id: null })).toBe('workspace');
  });

  it('turns the filter form into a query, leaving blanks out', () => {
    expect(filterQuery({ action: ' webhook.* ', actorType: '', since: '', until: '' })).toEqual({
      action: 'webhook.*',
    });
    const dated = filterQuery({ action: '', actorType: 'agent', since: '2026-12-01', until: '2026-12-02' });
    expect(dated.actorType).toBe('agent');
    expect(Date.parse(dated.until!) - Date.parse(dated.since!)).toBe(24 * 3600 * 1000);
    expect(queryString({ action: 'a b', limit: 50, cursor: undefined })).toBe('?action=a%20b&limit=50');
    expect(queryString({})).toBe('');
  });
});
