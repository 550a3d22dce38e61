import { findDates, ResolverClock } from './date-resolver';
import { StringParameterSchema } from './matchable-action';

/** A value found for a parameter, normalised to the schema's canonical form, and where the text named it. */
export interface ParameterValue {
  value: string;
  start: number;
  end: number;
}

/** Finds a parameter's values in one text, in text order. */
export type ParameterMatcher = (text: string) => ParameterValue[];

/** An identifier pattern of the shape `^<letters><separator?>\d{n}$`, the shape order and frame numbers take. */
interface IdentifierShape {
  prefix: string;
  separator: string;
  digits: number;
}

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';
const IDENTIFIER_SHAPE = /^\^([A-Za-z]+)([-_/.]?)\\d\{(\d+)\}\$$/;
// Words that name a number rather than what it numbers: "order number" is about orders.
const NUMBER_NOUNS = new Set(['number', 'no', 'num', 'id', 'code', 'reference', 'ref']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseIdentifierShape(pattern: string): IdentifierShape | null {
  const shape = IDENTIFIER_SHAPE.exec(pattern);
  return shape ? { prefix: shape[1], separator: shape[2], digits: Number(shape[3]) } : null;
}

/** The letter prefix of an identifier pattern (`^NW-\d{5}$` → "NW"), or null for other patterns. */
export function identifierPrefix(pattern: string | undefined): string | null {
  return pattern ? (parseIdentifierShape(pattern)?.prefix ?? null) : null;
}

/** `\d` n times, allowing one space or hyphen between digits ("2503 0128", "10-482"). */
function spacedDigits(count: number): string {
  return `\\d(?:[ -]?\\d){${count - 1}}`;
}

/** The noun a parameter's name starts with, minus number-words: `order_number` → "order", `frame_number` → "frame". */
export function parameterNouns(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length > 1 && !NUMBER_NOUNS.has(word));
}

function cuedDigitsPattern(name: string, digits: number): RegExp {
  const nouns = parameterNouns(name).map(escapeRegExp);
  const nounCue = nouns.length ? `(?:${nouns.join('|')})(?:\\s+(?:no\\.?|number|num\\.?|#))?` : null;
  const cues = [nounCue, 'ref(?:erence)?\\.?', 'no\\.'].filter((cue) => cue !== null);
  const cue = `(?:${NOT_WORD_BEFORE}(?:${cues.join('|')})(?:\\s*[:#]|\\s+is)?\\s*|#\\s*)`;
  return new RegExp(`${cue}(\\d{${digits}})(?![\\p{N}])`, 'giu');
}

/**
 * A lenient reader of `^NW-\d{5}$`-like patterns: the letter prefix in any case, optional spaces or hyphens after it
 * and inside the digits; a bare digit run only after a cue naming the parameter ("order 10482", "#10482", "ref").
 */
function identifierMatcher(name: string, shape: IdentifierShape, strict: RegExp): ParameterMatcher {
  const prefixed = new RegExp(
    `${NOT_WORD_BEFORE}${escapeRegExp(shape.prefix)}[\\s-]{0,3}(${spacedDigits(shape.digits)})(?![\\p{N}])`,
    'giu',
  );
  const cued = cuedDigitsPattern(name, shape.digits);
  const canonical = (digits: string): string => `${shape.prefix.toUpperCase()}${shape.separator}${digits}`;
  return (text) => {
    const found: ParameterValue[] = [];
    for (const match of text.matchAll(prefixed)) {
      found.push({
        value: canonical(match[1].replace(/\D/g, '')),
        start: match.index,
        end: match.index + match[0].length,
      });
    }
    for (const match of text.matchAll(cued)) {
      if (found.some((f) => match.index < f.end && match.index + match[0].length > f.start)) continue;
      found.push({ value: canonical(match[1]), start: match.index, end: match.index + match[0].length });
    }
    return found.filter((f) => strict.test(f.value)).sort((a, b) => a.start - b.start);
  };
}

/** Any other pattern: its own matches in the text, exactly as written. */
function literalPatternMatcher(strict: RegExp): ParameterMatcher {
  const unanchored = new RegExp(strict.source.replace(/^\^/, '').replace(/\$$/, ''), 'g');
  return (text) =>
    [...text.matchAll(unanchored)]
      .filter((match) => strict.test(match[0]))
      .map((match) => ({ value: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Enum ids and their `x-aliases`, case-insensitive, whole words, the longest alias winning where two overlap. */
function enumMatcher(schema: StringParameterSchema): ParameterMatcher {
  const aliases: Array<{ alias: string; value: string }> = [];
  for (const value of schema.enum ?? []) {
    aliases.push({ alias: value, value }, { alias: value.replace(/_/g, ' '), value });
    for (const alias of schema['x-aliases']?.[value] ?? []) aliases.push({ alias, value });
  }
  aliases.sort((a, b) => b.alias.length - a.alias.length);
  const patterns = aliases.map(({ alias, value }) => ({
    value,
    pattern: new RegExp(`${NOT_WORD_BEFORE}${escapeRegExp(alias).replace(/\s+/g, '\\s+')}${NOT_WORD_AFTER}`, 'giu'),
  }));
  return (text) => {
    const found: ParameterValue[] = [];
    for (const { value, pattern } of patterns) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (!found.some((f) => start < f.end && end > f.start)) found.push({ value, start, end });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  };
}

/** The matcher a parameter's schema calls for, or null when the schema gives no rule to read it from text. */
export function parameterMatcher(
  name: string,
  schema: StringParameterSchema,
  clock: ResolverClock,
): ParameterMatcher | null {
  if (schema.enum?.length) return enumMatcher(schema);
  if (schema.format === 'date') {
    return (text) => findDates(text, clock).map(({ date, start, end }) => ({ value: date, start, end }));
  }
  if (schema.pattern) {
    const strict = new RegExp(schema.pattern);
    const shape = parseIdentifierShape(schema.pattern);
    return shape ? identifierMatcher(name, shape, strict) : literalPatternMatcher(strict);
  }
  return null;
}
