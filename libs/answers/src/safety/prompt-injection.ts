import { revealTagCharacters, stripInvisible } from './invisible-characters';

export type InjectionSignal =
  | 'instruction_override'
  | 'role_reassignment'
  | 'new_instructions'
  | 'system_prompt_reference'
  | 'prompt_extraction'
  | 'developer_mode'
  | 'act_as'
  | 'pretend'
  | 'do_anything_now'
  | 'chat_template_token'
  | 'role_header'
  | 'role_prefix'
  | 'hidden_text_request'
  | 'repeat_above'
  | 'base64_blob'
  | 'encoded_instructions'
  | 'image_exfiltration'
  | 'obfuscation';

export interface InjectionReport {
  /** 0..1; at or above {@link INJECTION_THRESHOLD} the text should be treated as an injection attempt. */
  score: number;
  signals: InjectionSignal[];
}

export interface SanitisedText {
  text: string;
  flagged: boolean;
  signals: InjectionSignal[];
}

export const INJECTION_THRESHOLD = 0.5;

export const REMOVED_INSTRUCTIONS_MARKER = '[removed: instructions found in a document]';

interface Rule {
  signal: InjectionSignal;
  /** Weights combine as a noisy-OR; a weight of 0.5 or more can flag a text on its own. */
  weight: number;
  pattern: RegExp;
}

const STRONG = INJECTION_THRESHOLD;

const QUALIFIER = '(?:your|previous|prior|above|earlier|preceding|initial|original|system|existing|old|former)';
const DIRECTIVE_NOUN =
  '(?:instructions?|prompts?|rules|guidelines|directions|directives|commands|context|programming|guardrails)';
const SECRET_QUALIFIER = '(?:full|entire|complete|exact|original|initial|hidden|secret|system|real)';
const YOUR_PROMPT = `your\\s+(?:${SECRET_QUALIFIER}\\s+)*(?:prompt|instructions|directives)`;
const THE_PROMPT = `(?:the|its)\\s+(?:(?:full|entire|complete|exact)\\s+)*(?:(?:original|initial|hidden|secret|system|real)\\s+)+(?:prompt|instructions|directives|message)`;
const PROMPT_TARGET = `(?:${YOUR_PROMPT}|${THE_PROMPT}|system\\s+prompt)`;
const FILLER = '(?:\\s+(?:me|us|out|back|to|all|of|here|now|again|exactly|verbatim))*';

const RULES: readonly Rule[] = [
  {
    signal: 'instruction_override',
    weight: 0.9,
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:(?:all|any|the|of|these|those|every)\\s+)*(?:${QUALIFIER}\\s+)+${DIRECTIVE_NOUN}\\b`,
      'i',
    ),
  },
  {
    signal: 'instruction_override',
    weight: 0.8,
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:(?:all|everything|anything)\s+)?(?:(?:the|that\s+was|you\s+were|you've\s+been|you\s+have\s+been)\s+)?(?:above|before\s+this|told|(?:written|said|stated)\s+(?:above|before))(?=\s*(?:[.,;:!\n]|and\b|$))/i,
  },
  {
    signal: 'role_reassignment',
    weight: 0.7,
    pattern:
      /\byou\s+are\s+(?:now\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|free\s+(?:from|of)\s+(?:all\s+|any\s+|your\s+)?(?:rules|restrictions|limits|filters|guidelines)|no\s+longer\s+(?:bound|restricted|limited|an?\s+(?:ai|assistant|chatbot|language\s+model))|in\s+(?:god|admin|dan|jailbreak|unrestricted|debug)\s+mode|an?\s+(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|different|new)\s+(?:ai|assistant|model|chatbot|bot|persona|character))\b/i,
  },
  {
    signal: 'role_reassignment',
    weight: 0.8,
    pattern: /\b(?:[Yy]ou\s+are|[Yy]ou're|[Aa]ct\s+as|[Bb]ecome)\s+(?:now\s+)?DAN\b/,
  },
  {
    signal: 'role_reassignment',
    weight: 0.3,
    pattern:
      /\b(?:you\s+are\s+now\s+(?:an?|the|my|called|named|going\s+to)|from\s+now\s+on,?\s+you\s+(?:are|will|must))\b/i,
  },
  {
    signal: 'new_instructions',
    weight: 0.7,
    pattern: /(?:^|[.!?]\s*)\s*(?:new|updated|revised|real|actual|override|system|important)\s+instructions?\s*:/im,
  },
  {
    signal: 'system_prompt_reference',
    weight: 0.35,
    pattern:
      /\b(?:system|initial|original|hidden|secret|developer)\s+(?:prompt|message|instructions)\b(?!s|\s+(?:me|you|us|them|him|her|for|to)\b)/i,
  },
  {
    signal: 'prompt_extraction',
    weight: 0.8,
    pattern: new RegExp(
      `\\b(?:reveal|print|output|dump|leak|repeat|disclose|expose|display|recite|echo|paste|spell\\s+out|write\\s+out)\\b${FILLER}\\s+${PROMPT_TARGET}\\b`,
      'i',
    ),
  },
  {
    signal: 'prompt_extraction',
    weight: 0.7,
    pattern: new RegExp(
      `\\b(?:show|tell|give|send|share|what\\s+(?:is|are|was|were))\\b${FILLER}\\s+${PROMPT_TARGET}\\b(?!\\s+(?:for|on|about|regarding|to|when|if)\\b)`,
      'i',
    ),
  },
  { signal: 'developer_mode', weight: 0.3, pattern: /\bdeveloper\s+mode\b/i },
  {
    signal: 'developer_mode',
    weight: 0.7,
    pattern:
      /\b(?:you(?:'re|\s+are)\s+(?:now\s+)?in|with|simulate|simulating|emulate)\s+(?:the\s+)?developer\s+mode\b/i,
  },
  { signal: 'act_as', weight: 0.25, pattern: /\bact\s+as\b/i },
  {
    signal: 'act_as',
    weight: 0.6,
    pattern:
      /\b(?:(?:i\s+want|i\s+need|i'd\s+like)\s+you\s+to\s+|from\s+now\s+on,?\s+(?:you\s+(?:will|must|should)\s+)?|you\s+(?:will|must|should|shall)\s+(?:now\s+)?)act\s+as\b/i,
  },
  {
    signal: 'act_as',
    weight: 0.6,
    pattern:
      /\bact\s+as\s+(?:if\s+you\s+(?:are|were|have)\s+no|an?\s+(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue)\b|though\s+you\s+(?:have|had)\s+no)/i,
  },
  { signal: 'pretend', weight: 0.25, pattern: /\bpretend\b/i },
  {
    signal: 'pretend',
    weight: 0.6,
    pattern:
      /(?:^|[.!?]\s+|\b(?:please|now|can\s+you|could\s+you|(?:i\s+want|i\s+need|i'd\s+like)\s+you\s+to|you\s+(?:will|must|should|are\s+going\s+to))\s+)pretend\s+(?:to\s+be|you(?:'re|\s+are)|that\s+you)\b/im,
  },
  { signal: 'do_anything_now', weight: 0.3, pattern: /\bdo\s+anything\s+now\b/i },
  {
    signal: 'do_anything_now',
    weight: 0.8,
    pattern:
      /\byou\s+(?:can|will|are\s+(?:able|going)\s+to)\s+(?:now\s+)?do\s+anything\s+now\b|\bstay\s+in\s+character\b/i,
  },
  {
    signal: 'do_anything_now',
    weight: 0.8,
    pattern:
      /\bDAN\b[^\n]{0,80}\b(?:[Dd]o\s+[Aa]nything\s+[Nn]ow|no\s+(?:restrictions|rules|limits|filters)|jailbreak)/,
  },
  {
    signal: 'chat_template_token',
    weight: 0.8,
    pattern:
      /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|assistant)>/i,
  },
  {
    signal: 'role_header',
    weight: 0.6,
    pattern:
      /^[ \t]*#{1,6}[ \t]*(?:(?:system|assistant|instructions?|human|user|developer|response)[ \t]*:|(?:system|developer)[ \t]+(?:prompt|message)[ \t]*:?)[ \t]*$/im,
  },
  // A bare "## System" or "## Instructions" is also an ordinary heading in product documentation.
  {
    signal: 'role_header',
    weight: 0.3,
    pattern: /^[ \t]*#{1,6}[ \t]*(?:system|assistant|instructions?|human|user|developer)[ \t]*$/im,
  },
  { signal: 'role_prefix', weight: 0.45, pattern: /^[ \t]*(?:assistant|system)[ \t]*:/im },
  {
    signal: 'hidden_text_request',
    weight: 0.6,
    pattern:
      /\b(?:output|print|reveal|show|display|repeat|tell|give|write|dump|leak|list|include|send)\b(?:\s+(?:me|us|all|of|out|back|everything))*\s+(?:(?:the|your|any|all|every)\s+)?(?:hidden|secret|invisible|confidential)\s+(?:text|instructions|prompts?|messages?|content|context|notes|rules|system\s+prompt)\b/i,
  },
  {
    signal: 'repeat_above',
    weight: 0.7,
    pattern:
      /\b(?:repeat|print|output|copy|echo|recite|write(?:\s+out)?|show|display|return|tell)\s+(?:back\s+)?(?:me\s+)?(?:all\s+|exactly\s+)?(?:(?:everything|anything|all|the\s+(?:words|text|lines|messages?|content|sentences|paragraphs?|conversation|instructions))\s+)?(?:(?:written|said|stated|that\s+(?:is|was|appears?)|you\s+(?:see|were\s+given|received))\s+)?(?:above|before\s+this|prior\s+to\s+this|preceding|from\s+the\s+(?:beginning|start|top))\b(?!\s+(?:the|a|an|my|your|this|that|our)\b)/i,
  },
  {
    signal: 'repeat_above',
    weight: 0.6,
    pattern:
      /\bwhat\s+(?:is|was|were)\s+(?:written|said|stated)\s+(?:above|before\s+this|at\s+the\s+(?:beginning|start|top))\b(?!\s+(?:the|a|an|my|your|this|that|our)\b)/i,
  },
  {
    signal: 'image_exfiltration',
    weight: 0.7,
    pattern: /!\[[^\]\n]*\]\(\s*<?https?:\/\/[^\s)>]+\?[^\s)>]*=[^\s)>]*>?(?:\s+["'][^"'\n]*["'])?\s*\)/i,
  },
  {
    signal: 'image_exfiltration',
    weight: 0.7,
    pattern: /<img\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^"'\s>]+\?[^"'\s>]*=/i,
  },
];

/** Letters-only phrases that survive any spacing or punctuation an attacker inserts. */
const COMPACT_RULES: readonly Rule[] = [
  {
    signal: 'instruction_override',
    weight: 0.9,
    pattern:
      /(?:ignore|disregard|forget|override)(?:all|any|the|of)*(?:your|previous|prior|above|earlier|preceding|initial|original|system)+(?:instructions?|prompts?|rules|guidelines|directions)/,
  },
  {
    signal: 'prompt_extraction',
    weight: 0.8,
    pattern:
      /(?:reveal|print|output|repeat|dump|leak)(?:me)?(?:your(?:system|initial|original|hidden|secret)?|the(?:system|initial|original|hidden|secret))(?:prompt|instructions)/,
  },
];

const OBFUSCATION_WEIGHT = 0.3;
const BASE64_BLOB_WEIGHT = 0.5;
const ENCODED_INSTRUCTIONS_WEIGHT = 0.9;
const BASE64_BLOB_MIN = 200;
const BASE64_TOKEN = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])/g;
const MAX_DECODED_TOKENS = 20;

/** Cyrillic and Greek letters that look like Latin ones (NFKC leaves them alone), position for position. */
const HOMOGLYPHS = lookalikeMap(
  'авеёіїјкорсѕтухһԁԛԝӏɡıАВЕКМНОРСТХУІЈЅαοινρκυτΑΒΕΖΗΙΚΜΝΟΡΤΥΧ',
  'abeeiijkopcstyxhdqwlgiABEKMHOPCTXYIJSaoivpkutABEZHIKMNOPTYX',
);

const LEET = lookalikeMap('013457@$', 'oieastas');

/** Heuristic, not a classifier: cheap enough to run on every question and every retrieved chunk. */
export function detectInjection(text: string): InjectionReport {
  const canonical = canonicalise(text);
  const found = new Map<InjectionSignal, number>();
  const add = (signal: InjectionSignal, weight: number): void => {
    found.set(signal, Math.max(found.get(signal) ?? 0, weight));
  };

  for (const rule of RULES) if (rule.pattern.test(canonical)) add(rule.signal, rule.weight);

  let decoded = 0;
  for (const match of canonical.matchAll(BASE64_TOKEN)) {
    const token = match[0];
    if (token.length > BASE64_BLOB_MIN && /[A-Z]/.test(token) && /[a-z]/.test(token) && /\d/.test(token)) {
      add('base64_blob', BASE64_BLOB_WEIGHT);
    }
    if (decoded++ >= MAX_DECODED_TOKENS) continue;
    const plain = decodeBase64Text(token);
    if (plain !== null && strongSignals(canonicalise(plain)).size > 0) {
      add('encoded_instructions', ENCODED_INSTRUCTIONS_WEIGHT);
    }
  }

  for (const [signal, weight] of strongSignals(deobfuscate(canonical))) {
    if ((found.get(signal) ?? 0) >= weight) continue;
    add(signal, weight);
    add('obfuscation', OBFUSCATION_WEIGHT);
  }

  let remaining = 1;
  for (const weight of found.values()) remaining *= 1 - weight;
  return { score: Math.round((1 - remaining) * 1000) / 1000, signals: [...found.keys()] };
}

/** Removes only the poisoned sentences (and the payload after them) so the rest of the chunk still answers. */
export function sanitiseRetrievedText(text: string): SanitisedText {
  const signals = new Set<InjectionSignal>();
  const out: string[] = [];
  let skippingParagraph = false;

  for (const line of text.split('\n')) {
    if (skippingParagraph) {
      if (line.trim() === '') {
        skippingParagraph = false;
        out.push(line);
      }
      continue;
    }
    const report = detectInjection(line);
    if (report.score < INJECTION_THRESHOLD) {
      out.push(stripInvisible(line));
      continue;
    }
    report.signals.forEach((signal) => signals.add(signal));
    const [, prefix = '', body = line] = /^(\s*(?:[-*+>]|\d+[.)])?\s*)([^]*)$/.exec(line) ?? [];
    if (report.signals.includes('role_header') || report.signals.includes('chat_template_token')) {
      // Everything under a fake "### system" header or template token is the injected turn.
      skippingParagraph = true;
      out.push(`${prefix}${REMOVED_INSTRUCTIONS_MARKER}`);
      continue;
    }
    out.push(`${prefix}${sanitiseSentences(body)}`);
  }

  const flagged = signals.size > 0;
  return { text: flagged ? out.join('\n') : stripInvisible(text), flagged, signals: [...signals] };
}

/** Signals whose sentence is followed by the attacker's replacement instructions. */
const PAYLOAD_OPENERS: ReadonlySet<InjectionSignal> = new Set([
  'instruction_override',
  'new_instructions',
  'role_reassignment',
]);

function sanitiseSentences(line: string): string {
  const sentences = line.split(/(?<=[.!?]["')\]]?)\s+/);
  const kept: string[] = [];
  let removedAny = false;
  for (const sentence of sentences) {
    const report = detectInjection(sentence);
    if (report.score < INJECTION_THRESHOLD) {
      kept.push(stripInvisible(sentence));
      continue;
    }
    removedAny = true;
    if (kept[kept.length - 1] !== REMOVED_INSTRUCTIONS_MARKER) kept.push(REMOVED_INSTRUCTIONS_MARKER);
    if (report.signals.some((signal) => PAYLOAD_OPENERS.has(signal))) break;
  }
  // The line scored as a whole but no single sentence did: the signals are spread, so drop the line.
  return removedAny ? kept.join(' ') : REMOVED_INSTRUCTIONS_MARKER;
}

function canonicalise(text: string): string {
  return stripInvisible(revealTagCharacters(text)).normalize('NFKC');
}

function strongSignals(text: string): Map<InjectionSignal, number> {
  const found = new Map<InjectionSignal, number>();
  for (const rule of RULES) {
    if (rule.weight >= STRONG && rule.pattern.test(text)) found.set(rule.signal, rule.weight);
  }
  const compact = text.toLowerCase().replace(/[^a-z]/g, '');
  for (const rule of COMPACT_RULES) {
    if (rule.pattern.test(compact)) found.set(rule.signal, Math.max(found.get(rule.signal) ?? 0, rule.weight));
  }
  return found;
}

/** Undoes the cheap disguises: look-alike letters, "i g n o r e", "1gn0r3". */
function deobfuscate(text: string): string {
  const latin = [...text].map((char) => HOMOGLYPHS.get(char) ?? char).join('');
  const joined = latin.replace(/(?<![\p{L}\p{N}])(?:[\p{L}\p{N}][ ._*-]){2,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu, (run) =>
    run.replace(/[ ._*-]/g, ''),
  );
  return joined.replace(/[\p{L}\p{N}@$]+/gu, (token) =>
    /\p{L}/u.test(token) && /[0-9@$]/.test(token) ? [...token].map((char) => LEET.get(char) ?? char).join('') : token,
  );
}

function decodeBase64Text(token: string): string | null {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (decoded.length < 8) return null;
  let printable = 0;
  for (const char of decoded) {
    if (/[\p{L}\p{N}\p{P}\p{Zs}\n\t]/u.test(char)) printable++;
  }
  return printable / decoded.length >= 0.9 ? decoded : null;
}

function lookalikeMap(from: string, to: string): ReadonlyMap<string, string> {
  const targets = [...to];
  return new Map([...from].map((char, i) => [char, targets[i] ?? char]));
}
