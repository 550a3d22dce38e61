import { REDACTED, auditDiff, redactSecrets } from './audit-diff';

describe('auditDiff', () => {
  it('lists only the fields that changed, nested settings by dotted path', () => {
    const before = { name: 'Support', settings: { confidenceThreshold: 0.5, locale: 'en' } };
    const after = { name: 'Support', settings: { confidenceThreshold: 0.7, locale: 'en' } };
    expect(auditDiff(before, after)).toEqual({ 'settings.confidenceThreshold': { before: 0.5, after: 0.7 } });
  });

  it('records a creation and a deletion against null, leaving out the id and bookkeeping columns', () => {
    const row = { id: 'a1', name: 'Ana', createdAt: new Date(0), updatedAt: new Date(0), workspaceId: 'w' };
    expect(auditDiff(null, row)).toEqual({ name: { before: null, after: 'Ana' } });
    expect(auditDiff(row, null)).toEqual({ name: { before: 'Ana', after: null } });
  });

  it('redacts secrets by field name, at any depth, and still shows that they changed', () => {
    const secrets = {
      key: 'sb_live_key',
      secret: 'whsec_1',
      password: 'correct horse battery',
      passwordHash: 'scrypt$abc',
      identitySecret: 'f00d',
      credentials: { botToken: 'xoxb-1', signingSecret: 's1' },
      headers: { Authorization: 'Bearer t0ken', Accept: 'application/json' },
    };
    const diff = auditDiff(null, secrets);
    expect(JSON.stringify(diff)).not.toMatch(/sb_live_key|whsec_1|correct horse|scrypt|f00d|xoxb-1|s1"|t0ken/);
    expect(diff.key).toEqual({ before: null, after: REDACTED });
    expect(diff.credentials).toEqual({ before: null, after: REDACTED });
    expect(diff['headers.Authorization']).toEqual({ before: null, after: REDACTED });
    expect(diff['headers.Accept']).toEqual({ before: null, after: 'application/json' });
    expect(auditDiff({ secret: 'old' }, { secret: 'new' })).toEqual({ secret: { before: REDACTED, after: REDACTED } });
  });

  it('redacts the extra secret fields a caller names, and secrets inside arrays', () => {
    const diff = auditDiff(null, { pin: '1234', items: [{ apiKey: 'k1', label: 'x' }] }, { secretFields: ['pin'] });
    expect(diff).toEqual({
      pin: { before: null, after: REDACTED },
      items: { before: null, after: [{ apiKey: REDACTED, label: 'x' }] },
    });
  });

  it('leaves out a field that did not change, and keeps a count under a secret-like name readable', () => {
    expect(auditDiff({ visitorTokenGeneration: 1, name: 'a' }, { visitorTokenGeneration: 2, name: 'a' })).toEqual({
      visitorTokenGeneration: { before: 1, after: 2 },
    });
  });
});

describe('redactSecrets', () => {
  it('keeps a value whole except its secrets', () => {
    expect(redactSecrets({ name: 'hook', secret: 's', nested: { token: 't' } })).toEqual({
      name: 'hook',
      secret: REDACTED,
      nested: { token: REDACTED },
    });
  });
});
