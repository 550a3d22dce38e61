import { isForbiddenControlCharacter, stripInvisible } from './invisible-characters';

export interface QuestionLimits {
  /** Longest accepted question, in Unicode code points after normalisation. */
  maxChars: number;
}

export type QuestionRejectionCode = 'empty' | 'too_long' | 'control_characters' | 'binary';

export type QuestionCheck = { ok: true; text: string } | { ok: false; code: QuestionRejectionCode; message: string };

export const DEFAULT_QUESTION_LIMITS: Readonly<QuestionLimits> = { maxChars: 2000 };

const REPLACEMENT_CHARACTER = 0xfffd;
/** Below this many suspicious characters a stray one is "control characters", not a pasted file. */
const BINARY_MIN_SUSPICIOUS = 4;
const BINARY_MIN_RATIO = 0.1;

/** The first gate for a customer's question: refuses what no model should see, normalises the rest. */
export function checkQuestion(text: string, limits: QuestionLimits = DEFAULT_QUESTION_LIMITS): QuestionCheck {
  // Refuse absurd payloads before spending time normalising them.
  if (text.length > limits.maxChars * 4 + 1024) return tooLong(text.length, limits.maxChars);

  // Windows and old Mac line endings come from ordinary textareas, so they are not refused as controls.
  const visible = stripInvisible(dropLoneSurrogates(text.replace(/\r\n?/g, '\n')));

  const { forbidden, suspicious, nul } = countSuspicious(visible);
  const length = codePointLength(visible);
  if (nul || (suspicious >= BINARY_MIN_SUSPICIOUS && suspicious / Math.max(length, 1) >= BINARY_MIN_RATIO)) {
    return reject(
      'binary',
      'That looks like a file or binary data rather than a question. Please type your question as plain text.',
    );
  }
  if (forbidden > 0) {
    return reject(
      'control_characters',
      'Your question contains hidden control characters. Please retype it, or paste it as plain text.',
    );
  }

  const normalised = collapseWhitespace(visible.normalize('NFKC'));
  if (normalised.length === 0) return reject('empty', 'Please type a question so we can help.');

  const normalisedLength = codePointLength(normalised);
  if (normalisedLength > limits.maxChars) return tooLong(normalisedLength, limits.maxChars);
  return { ok: true, text: normalised };
}

function reject(code: QuestionRejectionCode, message: string): QuestionCheck {
  return { ok: false, code, message };
}

function tooLong(length: number, maxChars: number): QuestionCheck {
  const format = (n: number): string => n.toLocaleString('en-US');
  return reject(
    'too_long',
    `Your question is too long (${format(length)} characters). Please shorten it to ${format(maxChars)} characters or fewer.`,
  );
}

function countSuspicious(text: string): { forbidden: number; suspicious: number; nul: boolean } {
  let forbidden = 0;
  let replacements = 0;
  let nul = false;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint === 0) nul = true;
    if (isForbiddenControlCharacter(codePoint)) forbidden++;
    else if (codePoint === REPLACEMENT_CHARACTER) replacements++;
  }
  return { forbidden, suspicious: forbidden + replacements, nul };
}

/** Half an emoji (from a client truncating mid-character) is dropped rather than refused. */
function dropLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _char of text) length++;
  return length;
}
