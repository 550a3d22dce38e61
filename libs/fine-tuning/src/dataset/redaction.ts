/** What a redactor knows about the customer of one conversation. */
export interface RedactionIdentity {
  name: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
}

export type RedactionKind = 'email' | 'phone' | 'card' | 'name';

export type RedactionCounts = Record<RedactionKind, number>;

export const REDACTION_PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  name: '[name]',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 13 to 19 digits, optionally grouped by spaces or dashes; only Luhn-valid ones are cards.
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
// A run of digits with phone punctuation; judged by isPhoneLike.
const PHONE = /(?<![\w+])(?:\+|\(\d)?[\d().\s-]{6,}\d(?!\w)/g;
const DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/;
// Attribute keys that hold a name or a phone number in the contact's attributes.
const NAME_KEYS = /^(name|first_?name|last_?name|full_?name|given_?name|family_?name|surname|nickname)$/i;
const PHONE_KEYS = /phone|mobile|tel/i;
// Parts of a name shorter than this ("Li", "Jo") are too often ordinary words to be redacted on their own.
const MIN_NAME_PART = 3;

/** Luhn's checksum: what tells a card number from an order number of the same length. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isPhoneLike(match: string): boolean {
  const trimmed = match.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE.test(trimmed)) return false;
  // A bare run of digits is an order or account number unless it starts like an international number.
  return trimmed.startsWith('+') || /[\s().-]/.test(trimmed);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces personal data in a conversation's texts by placeholders: any e-mail address, phone number or (Luhn-valid)
 * card number, and the names, e-mail and phone numbers the contact record holds. Counts what it replaced.
 */
export class Redactor {
  readonly counts: RedactionCounts = { email: 0, phone: 0, card: 0, name: 0 };
  private readonly names: RegExp | null;
  private readonly knownValues: Array<{ value: string; kind: RedactionKind }>;

  constructor(identity: RedactionIdentity) {
    const nameValues = [identity.name, ...this.attributeValues(identity.attributes, NAME_KEYS)].filter(
      (value): value is string => typeof value === 'string' && value.trim() !== '',
    );
    const parts = new Set<string>();
    for (const value of nameValues) {
      parts.add(value.trim());
      for (const part of value.split(/[\s,]+/)) if ([...part].length >= MIN_NAME_PART) parts.add(part);
    }
    // Longest first, so "Ada Lovelace" is replaced whole before "Ada" could split it.
    const alternatives = [...parts].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.names = alternatives.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
      : null;
    this.knownValues = [
      ...(identity.email ? [{ value: identity.email, kind: 'email' as const }] : []),
      ...this.attributeValues(identity.attributes, PHONE_KEYS).map((value) => ({ value, kind: 'phone' as const })),
    ].filter((known) => known.value.trim().length >= 3);
  }

  redact(text: string): string {
    let out = text;
    for (const known of this.knownValues) out = this.replaceLiteral(out, known.value, known.kind);
    out = out.replace(EMAIL, () => this.placeholder('email'));
    out = out.replace(CARD, (match) => (passesLuhn(match.replace(/\D/g, '')) ? this.placeholder('card') : match));
    out = out.replace(PHONE, (match) => {
      if (!isPhoneLike(match)) return match;
      // The pattern may take a leading space; keep it so words stay apart.
      const lead = /^\s*/.exec(match)?.[0] ?? '';
      const tail = /\s*$/.exec(match)?.[0] ?? '';
      return `${lead}${this.placeholder('phone')}${tail}`;
    });
    if (this.names) out = out.replace(this.names, () => this.placeholder('name'));
    return out;
  }

  private replaceLiteral(text: string, value: string, kind: RedactionKind): string {
    const pattern = new RegExp(escapeRegExp(value.trim()), 'gi');
    return text.replace(pattern, () => this.placeholder(kind));
  }

  private placeholder(kind: RedactionKind): string {
    this.counts[kind]++;
    return REDACTION_PLACEHOLDERS[kind];
  }

  private attributeValues(attributes: Record<string, unknown>, keys: RegExp): string[] {
    return Object.entries(attributes)
      .filter(([key, value]) => keys.test(key) && typeof value === 'string')
      .map(([, value]) => value as string);
  }
}
