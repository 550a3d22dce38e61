import type { CannedReply } from '@switchboard/contracts';
import { findSlashCommand, matchCannedReplies, normalizeShortCode, replaceRange } from './canned-reply-match';

const replies: CannedReply[] = [
  { id: '1', shortCode: 'refund', content: 'Refunds take 5 business days.' },
  { id: '2', shortCode: 'greet', content: 'Hi! How can I help?' },
  { id: '3', shortCode: 'thanks', content: 'Thanks for waiting.' },
  { id: '4', shortCode: 'shipping-refund', content: 'Shipping costs are refunded too.' },
];

describe('findSlashCommand', () => {
  it('finds a shortcode typed at the start of the text', () => {
    expect(findSlashCommand('/gre', 4)).toEqual({ start: 0, end: 4, query: 'gre' });
  });

  it('finds a shortcode after a space or newline', () => {
    expect(findSlashCommand('Hello /ref', 10)).toEqual({ start: 6, end: 10, query: 'ref' });
    expect(findSlashCommand('Hello\n/', 7)).toEqual({ start: 6, end: 7, query: '' });
  });

  it('uses only the text before the caret', () => {
    expect(findSlashCommand('/greet and more', 6)).toEqual({ start: 0, end: 6, query: 'greet' });
    expect(findSlashCommand('/greet and more', 15)).toBeNull();
  });

  it('ignores slashes inside words and URLs', () => {
    expect(findSlashCommand('and/or', 6)).toBeNull();
    expect(findSlashCommand('see https://example.com/help', 28)).toBeNull();
  });
});

describe('matchCannedReplies', () => {
  it('lists every reply by shortcode for a bare slash', () => {
    expect(matchCannedReplies(replies, '').map((r) => r.shortCode)).toEqual([
      'greet',
      'refund',
      'shipping-refund',
      'thanks',
    ]);
  });

  it('puts prefix matches before other matches, case-insensitively', () => {
    expect(matchCannedReplies(replies, 'REF').map((r) => r.shortCode)).toEqual(['refund', 'shipping-refund']);
  });

  it('also matches the reply text', () => {
    expect(matchCannedReplies(replies, 'waiting').map((r) => r.shortCode)).toEqual(['thanks']);
  });

  it('returns nothing when nothing matches, and respects the limit', () => {
    expect(matchCannedReplies(replies, 'zzz')).toEqual([]);
    expect(matchCannedReplies(replies, '', 2)).toHaveLength(2);
  });
});

describe('replaceRange', () => {
  it('replaces the typed shortcode with the reply and puts the caret after it', () => {
    const text = 'Hello /gre, bye';
    expect(replaceRange(text, 6, 10, 'Hi! How can I help?')).toEqual({
      text: 'Hello Hi! How can I help?, bye',
      caret: 25,
    });
  });
});

describe('normalizeShortCode', () => {
  it('drops the leading slash and surrounding spaces', () => {
    expect(normalizeShortCode(' /greet ')).toBe('greet');
    expect(normalizeShortCode('greet')).toBe('greet');
  });
});
