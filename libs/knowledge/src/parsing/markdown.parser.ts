import { cleanDocument, cleanLine } from './clean-text';
import { DocumentParseError } from './document-parse.error';
import { pickTitle, titleFromFileName } from './document-title';
import type { DocumentParser } from './parse-options';
import type { ParsedDocument, ParsedSection } from './parsed-document';
import { decodeText } from './text-decoding';

export interface MarkdownTitleHints {
  /** Wins over the first H1 (an HTML page's <title>); front matter still wins over it. */
  preferredTitle?: string;
  /** Used when the document has neither front matter title nor H1. */
  fallbackTitle?: string;
  fileName?: string;
}

interface OpenHeading {
  level: number;
  text: string;
}

// Backslash escapes become private-use characters while syntax is stripped, so "\*" survives as "*".
const ESCAPE_BASE = 0xe000;
const ESCAPED_PUNCTUATION = /\\([!-/:-@[-`{-~])/g;
const PLACEHOLDERS = /[\uE000-\uE07F]/g;
const CODE_SPAN_TOKEN = /\uE100(\d+)\uE101/g;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET_ITEM = /^\s*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(.*)$/;
const ORDERED_ITEM = /^\s*(\d{1,9})[.)][ \t]+(.*)$/;
const BLOCKQUOTE = /^(?: {0,3}>[ \t]?)+/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+.*$/;
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

// Inline spans are bounded so that unclosed markers cost linear, not quadratic, time on long lines.
const SPAN = '{1,500}?';
// A link destination may hold one level of balanced parentheses, e.g. wiki URLs.
const LINK_DESTINATION = String.raw`\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)`;
const LINK_LABEL = String.raw`\[([^\]\n]{0,1000})\]`;
const LINK_TARGET = String.raw`(?:${LINK_DESTINATION}|\[[^\]\n]{0,1000}\])`;
// An image takes the whitespace before it, so "see ![x](y)." becomes "see.".
const IMAGE = new RegExp(String.raw`(?<![ \t])[ \t]*!${LINK_LABEL}${LINK_TARGET}`, 'g');
const LINK = new RegExp(LINK_LABEL + LINK_TARGET, 'g');
const CODE_SPAN = new RegExp(`(\`+)(.${SPAN})\\1`, 'g');
const STRONG = new RegExp(String.raw`(\*\*|__)(?=\S)(.${SPAN})(?<=\S)\1`, 'g');
const EMPHASIS_STAR = new RegExp(String.raw`\*(?=\S)(.${SPAN})(?<=\S)\*`, 'g');
const EMPHASIS_UNDERSCORE = new RegExp(String.raw`_(?=\S)(.${SPAN})(?<=\S)_`, 'g');
const STRIKETHROUGH = new RegExp(String.raw`~~(?=\S)(.${SPAN})(?<=\S)~~`, 'g');

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Markdown → sections split on ATX and setext headings, with the heading path kept by level. */
export const parseMarkdown: DocumentParser = async (input, fileName, options) => {
  try {
    return markdownToDocument(decodeText(input, options?.charset, fileName), {
      fallbackTitle: options?.title,
      fileName,
    });
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError('could not parse Markdown', fileName, { cause: error });
  }
};

export function markdownToDocument(markdown: string, hints: MarkdownTitleHints = {}): ParsedDocument {
  const { body, frontMatterTitle } = splitFrontMatter(
    markdown
      .replace(/\r\n?/g, '\n')
      .replace(PLACEHOLDERS, '')
      .replace(/\uE100|\uE101/g, ''),
  );
  const sections: ParsedSection[] = [];
  const open: OpenHeading[] = [];
  let lines: string[] = [];
  // The open paragraph's first line index and raw lines: a setext underline turns them into a heading.
  let paragraph: { start: number; raw: string[] } | undefined;
  let fence: string | undefined;
  let firstH1: string | undefined;

  const flush = (): void => {
    sections.push({ headingPath: open.map((heading) => heading.text), text: lines.join('\n') });
    lines = [];
    paragraph = undefined;
  };
  const openHeading = (level: number, raw: string): void => {
    const text = inlineMarkdownToText(raw);
    flush();
    while (open.length > 0 && open[open.length - 1].level >= level) open.pop();
    open.push({ level, text });
    if (level === 1 && firstH1 === undefined && text) firstH1 = text;
  };

  for (const rawLine of body.split('\n')) {
    if (fence !== undefined) {
      if (isFenceClose(rawLine, fence)) {
        fence = undefined;
        lines.push('');
      } else lines.push(rawLine);
      continue;
    }
    const fenceOpen = FENCE_OPEN.exec(rawLine);
    if (fenceOpen && !(fenceOpen[1][0] === '`' && rawLine.slice(fenceOpen[0].length).includes('`'))) {
      fence = fenceOpen[1];
      lines.push('');
      paragraph = undefined;
      continue;
    }
    const line = rawLine.replace(BLOCKQUOTE, '');
    if (!line.trim()) {
      lines.push('');
      paragraph = undefined;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      openHeading(atx[1].length, stripClosingHashes(atx[2] ?? ''));
      continue;
    }
    const setext = SETEXT_UNDERLINE.exec(line);
    if (setext && paragraph) {
      lines.splice(paragraph.start);
      openHeading(setext[1][0] === '=' ? 1 : 2, paragraph.raw.join(' '));
      continue;
    }
    if (isTableDelimiterRow(line) || LINK_DEFINITION.test(line)) continue;
    if (setext || THEMATIC_BREAK.test(line)) {
      lines.push('');
      paragraph = undefined;
      continue;
    }
    const bullet = BULLET_ITEM.exec(line);
    const ordered = bullet ? null : ORDERED_ITEM.exec(line);
    if (bullet || ordered) {
      const item = inlineMarkdownToText(bullet ? bullet[1] : (ordered?.[2] ?? ''));
      if (item) lines.push(bullet ? `- ${item}` : `${ordered?.[1]}. ${item}`);
      paragraph = undefined;
      continue;
    }
    const tableRow = /^\s*\|/.test(line) ? line.trim().replace(/^\|/, '').replace(/\|$/, '') : line;
    const text = inlineMarkdownToText(tableRow);
    if (!text) continue;
    paragraph ??= { start: lines.length, raw: [] };
    paragraph.raw.push(tableRow);
    lines.push(text);
  }
  flush();

  return cleanDocument({
    title: pickTitle(
      frontMatterTitle,
      hints.preferredTitle,
      firstH1,
      hints.fallbackTitle,
      titleFromFileName(hints.fileName),
    ),
    sections,
  });
}

/** Strips inline Markdown (emphasis, links → their text, images, code ticks, inline HTML) from one line. */
export function inlineMarkdownToText(markdown: string): string {
  const codeSpans: string[] = [];
  const text = markdown
    .replace(ESCAPED_PUNCTUATION, (_match, char: string) => String.fromCharCode(ESCAPE_BASE + char.charCodeAt(0)))
    .replace(CODE_SPAN, (_match, _ticks: string, code: string) => {
      codeSpans.push(code.trim());
      return `\uE100${codeSpans.length - 1}\uE101`;
    })
    .replace(IMAGE, '')
    .replace(LINK, '$1')
    .replace(/<((?:https?|mailto|ftp):[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>/gi, '$1')
    .replace(/<!--.{0,2000}?-->/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(STRONG, (match, marker: string, inner: string, offset: number, whole: string) =>
      marker === '__' && isIntraword(whole, offset, match.length) ? match : inner,
    )
    .replace(EMPHASIS_STAR, '$1')
    .replace(EMPHASIS_UNDERSCORE, (match, inner: string, offset: number, whole: string) =>
      isIntraword(whole, offset, match.length) ? match : inner,
    )
    .replace(STRIKETHROUGH, '$1')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{1,32});/gi, decodeEntity)
    .replace(CODE_SPAN_TOKEN, (_match, index: string) => codeSpans[Number(index)] ?? '')
    .replace(PLACEHOLDERS, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPE_BASE));
  return cleanLine(text);
}

function splitFrontMatter(markdown: string): { body: string; frontMatterTitle?: string } {
  const match = FRONT_MATTER.exec(markdown.replace(/^\uFEFF/, ''));
  if (!match) return { body: markdown };
  const title = /^title:(.*)$/m
    .exec(match[1])?.[1]
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return { body: markdown.replace(/^\uFEFF/, '').slice(match[0].length), frontMatterTitle: title };
}

// "Title ##" → "Title"; a closing run of # counts only after whitespace (CommonMark), found without backtracking.
function stripClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  if (end === trimmed.length) return trimmed;
  return end === 0 || /[ \t]/.test(trimmed[end - 1]) ? trimmed.slice(0, end).trimEnd() : trimmed;
}

function isTableDelimiterRow(line: string): boolean {
  return line.includes('|') && line.includes('-') && /^[\s|:-]+$/.test(line);
}

function isFenceClose(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1][0] === fence[0] && match[1].length >= fence.length;
}

// snake_case_names and 2__3 are not emphasis: underscores only count at word edges.
function isIntraword(whole: string, offset: number, length: number): boolean {
  return /\w/.test(whole.charAt(offset - 1)) || /\w/.test(whole.charAt(offset + length));
}

function decodeEntity(match: string, entity: string): string {
  if (entity[0] !== '#') return NAMED_ENTITIES[entity.toLowerCase()] ?? match;
  const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
}
