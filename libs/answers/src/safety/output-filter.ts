import { stripInvisible } from './invisible-characters';

export type OutputActionKind =
  'redacted_email' | 'redacted_phone' | 'redacted_card' | 'removed_link' | 'blocked_system_prompt';

export interface OutputAction {
  kind: OutputActionKind;
  /** Safe to log: never the full redacted value. */
  detail: string;
}

export interface AnswerFilterContext {
  /** The cited sources; their URLs' hosts are allowed, and what they contain is not redacted. */
  sources: Array<{ text: string; url: string | null }>;
  question: string;
  systemPrompt: string;
  /** Domains the workspace allows links to; their subdomains are allowed too. */
  allowedDomains: string[];
}

export interface FilteredAnswer {
  text: string;
  actions: OutputAction[];
  blocked: boolean;
}

export const BLOCKED_ANSWER_TEXT = "I can't share that, but I'm happy to help with your question.";
export const REDACTED_TEXT = '[redacted]';
/** How many consecutive system-prompt words in an answer count as leaking it. */
export const LEAK_MIN_WORDS = 8;

/** Last line of defence: the model may have been steered, so check what it says before a customer sees it. */
export function filterAnswer(answer: string, context: AnswerFilterContext): FilteredAnswer {
  const leak = findSystemPromptLeak(answer, context);
  if (leak !== null) {
    return { text: BLOCKED_ANSWER_TEXT, actions: [{ kind: 'blocked_system_prompt', detail: leak }], blocked: true };
  }

  const actions: OutputAction[] = [];
  const evidence = new Evidence([context.question, ...context.sources.map((source) => source.text)].join('\n'));
  const linked = filterLinks(answer, new LinkPolicy(context), evidence, actions);
  const redacted = linked.segments
    .map((segment) => (segment.locked ? segment.text : redactSensitive(segment.text, evidence, actions)))
    .join('');
  return { text: linked.removedAny ? tidy(redacted) : redacted, actions, blocked: false };
}

const DUMP_PATTERNS: readonly RegExp[] = [
  /\b(?:here\s+(?:is|are)|these\s+are|below\s+(?:is|are))\s+my\s+(?:(?:full|complete|exact|original|initial|system|hidden|secret)\s+)*(?:prompt|instructions|rules|guidelines|directives)\b/i,
  /\b(?:here\s+(?:is|are)|these\s+are|below\s+(?:is|are))\s+the\s+(?:(?:full|complete|exact)\s+)*(?:system|initial|original|hidden|secret)\s+(?:prompt|instructions|message)\b/i,
  /\bmy\s+(?:system\s+prompt|(?:initial|original|hidden|secret)\s+(?:prompt|instructions)|instructions\s+(?:are|say|state|read|tell\s+me))\b/i,
  /<\|(?:im_start|im_end|system)\|>|\[\/?INST\]|<<\/?SYS>>/i,
  /^\s*you\s+are\s+(?:an?\s+)?(?:helpful|friendly|polite|professional|customer[- ]support|support)\b[^.\n]{0,60}\b(?:assistant|chatbot|bot|agent|ai)\b/i,
];

function findSystemPromptLeak(answer: string, context: AnswerFilterContext): string | null {
  if (DUMP_PATTERNS.some((pattern) => pattern.test(answer))) return 'answer dumps or describes its instructions';

  const prompt = promptShingles(context.systemPrompt);
  if (prompt.size === 0) return null;
  // The answer's few shingles first: the sources are shingled only when the answer shares words with the prompt.
  const repeated = shingles(words(answer)).filter((shingle) => prompt.has(shingle));
  if (repeated.length === 0) return null;
  // A passage the system prompt shares with the sources or the question is not a secret.
  const shared = new Set(shingles(words([context.question, ...context.sources.map((s) => s.text)].join('\n'))));
  return repeated.some((shingle) => !shared.has(shingle))
    ? `answer repeats ${LEAK_MIN_WORDS}+ consecutive words of the system prompt`
    : null;
}

/** The system prompt's shingles, computed once per prompt text (there are one or two per process). */
const promptShinglesCache = new Map<string, Set<string>>();

function promptShingles(systemPrompt: string): Set<string> {
  let found = promptShinglesCache.get(systemPrompt);
  if (!found) {
    found = new Set(shingles(words(systemPrompt)));
    if (promptShinglesCache.size >= 16) promptShinglesCache.clear();
    promptShinglesCache.set(systemPrompt, found);
  }
  return found;
}

function words(text: string): string[] {
  return stripInvisible(text)
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function shingles(list: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + LEAK_MIN_WORDS <= list.length; i++) out.push(list.slice(i, i + LEAK_MIN_WORDS).join(' '));
  return out;
}

interface Segment {
  text: string;
  /** A kept URL: left exactly as written, never redacted or re-scanned. */
  locked: boolean;
}

class LinkPolicy {
  private readonly sourceHosts: ReadonlySet<string>;
  private readonly domains: readonly string[];

  constructor(context: AnswerFilterContext) {
    this.sourceHosts = new Set(
      context.sources.map((source) => (source.url === null ? null : hostOf(source.url))).filter(isString),
    );
    this.domains = context.allowedDomains.map(normaliseDomain).filter(Boolean);
  }

  /** null when the web URL may stay; otherwise what to report about the removed link. */
  rejectWebUrl(raw: string): string | null {
    const host = hostOf(/^www\./i.test(raw) ? `https://${raw}` : raw);
    if (host === null) return `unparseable or non-web link ${describeScheme(raw)}`;
    if (this.sourceHosts.has(host)) return null;
    if (this.domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) return null;
    return host;
  }
}

const MARKDOWN_LINK =
  /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
const REFERENCE_DEFINITION =
  /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?:\n|$)/gm;
const AUTOLINK = /<((?:https?|mailto|tel|javascript|vbscript|data|file):[^\s<>]*)>/gi;
const URL_CHAR = '[^\\s<>"\'`()[\\]]';
const BARE_URL = new RegExp(
  `\\b(?:https?://|www\\.)(?:${URL_CHAR}|\\(${URL_CHAR}*\\))*(?:[^\\s<>"'\`()[\\].,;:!?*_~]|\\(${URL_CHAR}*\\))`,
  'gi',
);
const BARE_SCRIPT = /\b(?:javascript|vbscript):[^\s<>"'`]+|\bdata:[\w.+-]+\/[\w.+-]+[;,][^\s<>"'`]*/gi;

function filterLinks(
  answer: string,
  policy: LinkPolicy,
  evidence: Evidence,
  actions: OutputAction[],
): { segments: Segment[]; removedAny: boolean } {
  let removedAny = false;
  const remove = (detail: string): void => {
    removedAny = true;
    actions.push({ kind: 'removed_link', detail });
  };
  /** null when the link target may stay; otherwise the removal detail. */
  const judge = (rawTarget: string): string | null => {
    const target = rawTarget.replace(/^<|>$/g, '').trim();
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
    if (scheme === 'http' || scheme === 'https' || (scheme === undefined && /^www\./i.test(target))) {
      return policy.rejectWebUrl(target);
    }
    if (scheme === 'mailto') {
      const address = decodeSafely(target.slice('mailto:'.length).split('?')[0] ?? '');
      return evidence.hasEmail(address) ? null : 'mailto: address not found in the sources';
    }
    if (scheme === 'tel') {
      return evidence.hasPhone(target.replace(/\D/g, '')) ? null : 'tel: number not found in the sources';
    }
    return describeScheme(target);
  };

  let segments: Segment[] = [{ text: answer, locked: false }];

  segments = transform(segments, REFERENCE_DEFINITION, (match) => {
    const verdict = judge(match[1] ?? '');
    if (verdict === null) return [{ text: match[0], locked: true }];
    remove(verdict);
    return [];
  });

  segments = transform(segments, MARKDOWN_LINK, (match) => {
    const [whole, bang = '', label = '', target = ''] = match;
    const verdict = judge(target);
    if (verdict === null) {
      return [
        { text: `${bang}[`, locked: false },
        { text: label, locked: false },
        { text: whole.slice(bang.length + 1 + label.length), locked: true },
      ];
    }
    remove(verdict);
    return [{ text: label, locked: false }];
  });

  segments = transform(segments, AUTOLINK, (match) => {
    const verdict = judge(match[1] ?? '');
    if (verdict === null) return [{ text: match[0], locked: true }];
    remove(verdict);
    return [];
  });

  segments = transform(segments, BARE_URL, (match) => {
    const verdict = judge(match[0]);
    if (verdict === null) return [{ text: match[0], locked: true }];
    remove(verdict);
    return [];
  });

  segments = transform(segments, BARE_SCRIPT, (match) => {
    remove(describeScheme(match[0]));
    return [];
  });

  return { segments, removedAny };
}

/** Applies `replace` to every match in the unlocked segments, keeping locked ones untouched. */
function transform(segments: Segment[], pattern: RegExp, replace: (match: RegExpMatchArray) => Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.locked) {
      out.push(segment);
      continue;
    }
    let last = 0;
    for (const match of segment.text.matchAll(pattern)) {
      const index = match.index ?? 0;
      out.push({ text: segment.text.slice(last, index), locked: false });
      out.push(...replace(match));
      last = index + match[0].length;
    }
    out.push({ text: segment.text.slice(last), locked: false });
  }
  return out.filter((segment) => segment.text.length > 0);
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.toLowerCase().replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

function normaliseDomain(domain: string): string {
  const bare = domain.trim().toLowerCase();
  const host = /^[a-z][a-z0-9+.-]*:\/\//.test(bare) ? (hostOf(bare) ?? '') : bare.split('/')[0];
  return host.replace(/^\*?\.+/, '').replace(/\.$/, '');
}

function describeScheme(target: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target.trim())?.[1];
  return scheme === undefined ? 'relative link' : `${scheme.toLowerCase()}: link`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isString(value: string | null): value is string {
  return value !== null;
}

/** Smooths the gaps left by removed URLs: double spaces, "( )", a space before punctuation. */
function tidy(text: string): string {
  return text
    .replace(/\s\(\s*\)/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,;:!?)])/g, '$1')
    .replace(/[ \t]+$/gm, '');
}

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
const CARD_CANDIDATE = /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g;
const PHONE_CANDIDATE = /(?<![\w@/#$€£¥₹+.,-])(?:\+ ?)?\(?\d(?:[\d .()-]*\d)?/g;

const ID_CONTEXT =
  /(?:\b(?:order|invoice|ticket|case|ref|reference|account|acct|tracking|confirmation|transaction|booking|reservation|receipt|sku|serial|model|part|policy|membership|customer|claim|shipment|parcel|package|po|id)\b(?:\s+(?:number|no\.?|num|nr|id|code|#))?(?:\s*(?:is|was|=|:|#))?|#|\bno\.)\s*$/i;
const PHONE_CONTEXT =
  /\b(?:call|calling|phone|telephone|tel|mobile|cell|fax|whatsapp|sms|text|ring|dial|hotline|helpline|landline|contact)\b[^\d\n]{0,25}$/i;
const MONEY_BEFORE = /(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|aud|cad|jpy|inr|sek|nok|dkk|pln))\s*$/i;
const MONEY_AFTER =
  /^\s*(?:[$€£¥₹%]|(?:usd|eur|gbp|chf|aud|cad|jpy|inr|sek|nok|dkk|pln|dollars?|euros?|pounds?|cents?|kr)\b)/i;
const NOT_A_PHONE: readonly RegExp[] = [
  /^\d{4}[-.]\d{1,2}[-.]\d{1,2}(?!\d)/, // an ISO date, possibly followed by a time
  /^\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d{2}(?!\d)/, // a day-month-year date
  /^(?:19|20)\d{2} ?- ?(?:19|20)\d{2}$/, // a range of years
  /^\d{1,3}(?:\.\d{1,3}){3}$/, // an IPv4 address
  /^\d{5}-\d{4}$/, // a US ZIP+4 code
  /^\d+\.\d+$/, // a decimal number
  /^[1-9]\d{0,2}(?:([ .])\d{3})(?:\1\d{3})*$/, // thousands separators, e.g. 1 299 000
];

function redactSensitive(text: string, evidence: Evidence, actions: OutputAction[]): string {
  let out = text.replace(EMAIL, (email) => {
    if (evidence.hasEmail(email)) return email;
    actions.push({ kind: 'redacted_email', detail: `address at ${email.slice(email.lastIndexOf('@') + 1)}` });
    return REDACTED_TEXT;
  });

  out = out.replace(CARD_CANDIDATE, (candidate) => {
    const digits = candidate.replace(/\D/g, '');
    if (!isCardNumber(digits) || evidence.hasDigits(digits)) return candidate;
    actions.push({ kind: 'redacted_card', detail: `card number ending ${digits.slice(-4)}` });
    return REDACTED_TEXT;
  });

  return out.replace(PHONE_CANDIDATE, (match: string, offset: number, whole: string) => {
    // "(555-123-4567" is a bracketed number, not an area code: keep the bracket out of the candidate.
    const lead = match.startsWith('(') && !match.includes(')') ? '(' : '';
    const candidate = match.slice(lead.length);
    const start = offset + lead.length;
    const before = whole.slice(Math.max(0, start - 40), start);
    const after = whole.slice(start + candidate.length, start + candidate.length + 12);
    if (!isPhoneNumber(candidate, before, after)) return match;
    const digits = candidate.replace(/\D/g, '');
    if (evidence.hasPhone(digits)) return match;
    actions.push({ kind: 'redacted_phone', detail: `${digits.length}-digit number ending ${digits.slice(-2)}` });
    return `${lead}${REDACTED_TEXT}`;
  });
}

function isCardNumber(digits: string): boolean {
  // Card numbers start with 2–6 (Mastercard 2-series through Discover/UnionPay).
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && passesLuhn(digits);
}

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

/** Tells phone numbers from dates, prices, order numbers, IP addresses and other digit groups. */
function isPhoneNumber(candidate: string, before: string, after: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/ {2}|[.-]{2}|[ .-][.-]|[.-] /.test(candidate)) return false;
  const parens = candidate.match(/[()]/g)?.length ?? 0;
  if (parens > 0 && (parens !== 2 || !/\(\d{1,5}\)/.test(candidate))) return false;
  if (NOT_A_PHONE.some((pattern) => pattern.test(candidate))) return false;
  if (MONEY_BEFORE.test(before) || MONEY_AFTER.test(after)) return false;

  const phoneContext = PHONE_CONTEXT.test(before);
  if (ID_CONTEXT.test(before) && !phoneContext) return false;
  if (candidate.startsWith('+') || phoneContext) return true;

  // Without a "+" or a word like "call", only the usual grouped national formats count.
  const groups = candidate.split(/[^\d]+/).filter(Boolean);
  return groups.length >= 2 && groups.every((group) => group.length <= 5);
}

/** What the sources and the question contain, so the answer may repeat it. */
class Evidence {
  private readonly emails: ReadonlySet<string>;

  constructor(private readonly text: string) {
    this.emails = new Set([...text.matchAll(EMAIL)].map((match) => match[0].toLowerCase()));
  }

  hasEmail(email: string): boolean {
    return this.emails.has(email.toLowerCase());
  }

  /** The exact digit sequence, however it is spaced or punctuated in the evidence. */
  hasDigits(digits: string): boolean {
    if (digits.length === 0) return false;
    return new RegExp(`(?<!\\d)${digits.split('').join('[\\s().+-]*')}(?!\\d)`).test(this.text);
  }

  /** Also matches with up to three leading digits dropped: "+1 800…" vs "800…", "+44 20…" vs "020…". */
  hasPhone(digits: string): boolean {
    for (let drop = 0; drop <= 3 && digits.length - drop >= 7; drop++) {
      const national = digits.slice(drop);
      if (this.hasDigits(national) || this.hasDigits(`0${national}`)) return true;
    }
    return false;
  }
}
