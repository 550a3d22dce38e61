/** How a segment attaches to the one before it when segments are joined back into text. */
export type SegmentBreak = 'space' | 'line' | 'paragraph';

export interface TextSegment {
  text: string;
  /** Separator before this segment; ignored for the first segment of a chunk. */
  break: SegmentBreak;
}

export const SEGMENT_SEPARATORS: Record<SegmentBreak, string> = { space: ' ', line: '\n', paragraph: '\n\n' };

const LIST_ITEM = /^(?:[-*+•◦▪‣●]|\d{1,9}[.)])\s+/;
// A table row as parsers store it (`Model | Price`, outer pipes optional): one row, one unit, never joined.
const TABLE_ROW = / \| |^\|.*\|$/;

/** Whether a line is a table row as the parsers store tables: one line per row, cells separated by pipes. */
export function isTableRow(line: string): boolean {
  return TABLE_ROW.test(line.trim());
}
const TERMINATOR = /(?:[.!?…]+|[。！？]+)["'”’»)\]]*/g;
const CJK_TERMINATOR = /[。！？]/;
const DOTTED_ABBREVIATION = /^\p{L}{1,2}(?:\.\p{L}{1,2})+$/u;
const INITIAL = /^\p{Lu}$/u;
const OPENING_PUNCTUATION = /^["'“‘«([]+/;

// Lower-case, without the final period; dotted forms (e.g., U.S., Ph.D.) are caught by DOTTED_ABBREVIATION.
// prettier-ignore
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'vs', 'cf', 'al', 'viz', 'approx', 'ca',
  'inc', 'ltd', 'co', 'corp', 'bros', 'dept', 'univ', 'assn', 'est',
  'no', 'nos', 'fig', 'figs', 'vol', 'vols', 'pp', 'p', 'ch', 'sec', 'art', 'ed', 'eds', 'ref', 'refs',
  'tel', 'ext', 'min', 'max', 'avg', 'misc', 'resp',
  'ave', 'blvd', 'rd', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'rev', 'hon',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** The sentences and list items of a text, in order. */
export function splitSentences(text: string): string[] {
  return segmentText(text).map((segment) => segment.text);
}

/**
 * Splits text into sentences and list items (each item one unit), remembering whether each
 * started a paragraph, a line or continued a line, so chunks can be joined back faithfully.
 */
export function segmentText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  for (const paragraph of text.split(/\n[^\S\n]*\n/)) {
    let blockBreak: SegmentBreak = 'paragraph';
    for (const block of paragraphBlocks(paragraph)) {
      const sentences = LIST_ITEM.test(block) || TABLE_ROW.test(block) ? [block] : splitParagraph(block);
      sentences.forEach((sentence, index) =>
        segments.push({ text: sentence, break: index === 0 ? blockBreak : 'space' }),
      );
      if (sentences.length > 0) blockBreak = 'line';
    }
  }
  return segments;
}

// A list item or a table row starts a block; other lines continue the current block (wrapped paragraph or
// item), except after a table row, which is always a block of its own.
function paragraphBlocks(paragraph: string): string[] {
  const blocks: string[] = [];
  let current: string | undefined;
  for (const rawLine of paragraph.split('\n')) {
    const line = rawLine.trim().replace(/\s+/g, ' ');
    if (!line) continue;
    if (current === undefined || LIST_ITEM.test(line) || TABLE_ROW.test(line) || TABLE_ROW.test(current)) {
      if (current !== undefined) blocks.push(current);
      current = line;
    } else {
      current = `${current} ${line}`;
    }
  }
  if (current !== undefined) blocks.push(current);
  return blocks;
}

function splitParagraph(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(TERMINATOR)) {
    const end = match.index + match[0].length;
    if (end >= text.length) break;
    const cjk = CJK_TERMINATOR.test(match[0]);
    // Without whitespace after it, a period is inside a number, URL or file name.
    if (!cjk && !/\s/.test(text[end])) continue;
    const next = text.slice(end).search(/\S/);
    if (next < 0) break;
    if (!cjk && !endsSentence(text, match.index, match[0], text[end + next])) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end + next;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

function endsSentence(text: string, index: number, terminator: string, nextChar: string): boolean {
  if (/\p{Ll}/u.test(nextChar)) return false;
  if (!/^\.["'”’»)\]]*$/.test(terminator)) return true;
  const word = text.slice(text.lastIndexOf(' ', index - 1) + 1, index).replace(OPENING_PUNCTUATION, '');
  return !(ABBREVIATIONS.has(word.toLowerCase()) || DOTTED_ABBREVIATION.test(word) || INITIAL.test(word));
}
