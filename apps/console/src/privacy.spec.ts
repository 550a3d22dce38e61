import { erasureSummary, isContactId, parseRetention } from './privacy';

describe('the privacy page helpers', () => {
  it('reads the retention field: empty is forever, 1 to 3650 whole days, anything else says why', () => {
    expect(parseRetention('')).toEqual({ retentionDays: null });
    expect(parseRetention(' 30 ')).toEqual({ retentionDays: 30 });
    expect(parseRetention('3650')).toEqual({ retentionDays: 3650 });
    for (const wrong of ['0', '3651']) expect(parseRetention(wrong)).toEqual({ error: 'Enter 1 to 3650 days.' });
    for (const wrong of ['1.5', '-3', 'ten', '1e3']) expect(parseRetention(wrong)).toHaveProperty('error');
  });

  it('summarises an erasure by its non-zero counts, largest first', () => {
    expect(erasureSummary({ conversations: 2, messages: 12, llmCalls: 3, queuedJobs: 0 })).toBe(
      '12 messages · 3 llm calls · 2 conversations',
    );
    expect(erasureSummary({ contacts: 0 })).toBe('nothing held');
  });

  it('takes only a contact id (a UUID)', () => {
    expect(isContactId(' 0b6f1f5e-8f3c-4c1e-9a61-2f0d7e0c9b11 ')).toBe(true);
    expect(isContactId('ada@example.com')).toBe(false);
  });
});
