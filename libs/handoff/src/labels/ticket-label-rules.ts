import type { TicketSentiment, TicketUrgency } from '@switchboard/database';

// Words that say the customer cannot wait, or that something is down for them.
const URGENT = [
  /\burgent(ly)?\b/,
  /\basap\b/,
  /\bimmediately\b/,
  /\bright (now|away)\b/,
  /\bemergency\b/,
  /\bcritical\b/,
  /\b(outage|down|offline|not working|doesn'?t work|stopped working|broken|crash(ed|es|ing)?)\b/,
  /\bcan'?t (log ?in|sign ?in|access|pay|checkout)\b/,
  /\bdringend\b/,
  /\burgente\b/,
];
const NOT_URGENT = [
  /\bno rush\b/,
  /\bnot urgent\b/,
  /\bwhenever\b/,
  /\blow priority\b/,
  /\bno hurry\b/,
  /\bjust curious\b/,
];

const NEGATIVE = new Set([
  'angry',
  'annoyed',
  'awful',
  'bad',
  'broken',
  'complaint',
  'disappointed',
  'disappointing',
  'frustrated',
  'frustrating',
  'furious',
  'hate',
  'horrible',
  'ridiculous',
  'terrible',
  'unacceptable',
  'useless',
  'upset',
  'worst',
  'wrong',
  'scam',
]);
const POSITIVE = new Set([
  'thanks',
  'thank',
  'great',
  'love',
  'awesome',
  'excellent',
  'happy',
  'perfect',
  'appreciate',
  'wonderful',
  'amazing',
  'helpful',
  'nice',
  'glad',
]);

/** High for urgent words, outages and repeated "!!!", low when the customer says there is no rush; null without text. */
export function urgencyOf(text: string): TicketUrgency | null {
  const lower = text.toLowerCase();
  if (!lower.trim()) return null;
  if (NOT_URGENT.some((pattern) => pattern.test(lower))) return 'low';
  if (/!{3,}/.test(lower) || URGENT.some((pattern) => pattern.test(lower))) return 'high';
  return 'normal';
}

/** From a small lexicon: more negative than positive words is negative, and the reverse; null without text. */
export function sentimentOf(text: string): TicketSentiment | null {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0) return null;
  const negative = words.filter((word) => NEGATIVE.has(word)).length + (/!{3,}/.test(text) ? 1 : 0);
  const positive = words.filter((word) => POSITIVE.has(word)).length;
  if (negative > positive) return 'negative';
  if (positive > negative) return 'positive';
  return 'neutral';
}
