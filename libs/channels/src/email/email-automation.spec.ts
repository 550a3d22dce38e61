import { classifyAutomated } from './email-automation';

const headers = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('classifyAutomated', () => {
  it('lets a person’s mail through', () => {
    expect(classifyAutomated(headers({ from: 'jane@example.com', 'auto-submitted': 'no' }), 'jane@example.com')).toBe(
      null,
    );
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }],
    [{ 'auto-submitted': 'auto-generated' }],
    [{ precedence: 'bulk' }],
    [{ precedence: 'junk' }],
    [{ precedence: 'list' }],
    [{ 'x-autoreply': 'yes' }],
    [{ 'x-autorespond': 'vacation' }],
    [{ 'return-path': '<>' }],
  ])('marks %j as an auto-reply', (entries) => {
    expect(classifyAutomated(headers(entries))).toBe('auto_reply');
  });

  it('treats the null envelope sender as automatic, an unknown one (webhook) as not', () => {
    expect(classifyAutomated(headers({}), '')).toBe('auto_reply');
    expect(classifyAutomated(headers({}), undefined)).toBe(null);
  });

  it('recognises mailing lists and delivery reports', () => {
    expect(classifyAutomated(headers({ 'list-id': '<news.example.com>' }))).toBe('mailing_list');
    expect(
      classifyAutomated(headers({ 'content-type': 'multipart/report; report-type=delivery-status; boundary="b"' })),
    ).toBe('bounce');
    expect(
      classifyAutomated(headers({ 'content-type': 'multipart/report; report-type=disposition-notification' })),
    ).toBe(null);
  });
});
