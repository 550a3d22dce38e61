import { basename, extname } from 'node:path';

import { cleanLine } from './clean-text';

const MAX_FIRST_LINE_TITLE = 100;

/** "guides/Refund-policy.v2.md" → "Refund-policy.v2"; the last resort for every format. */
export function titleFromFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const base = basename(fileName.replace(/\\/g, '/'));
  return cleanLine(base.slice(0, base.length - extname(base).length)) || undefined;
}

/** The first of the candidates that is non-empty after cleaning, or "Untitled". */
export function pickTitle(...candidates: Array<string | undefined>): string {
  for (const candidate of candidates) {
    const title = candidate === undefined ? '' : cleanLine(candidate);
    if (title) return title;
  }
  return 'Untitled';
}

/**
 * Splits off a first line that reads like a title (short, no sentence punctuation, more text follows),
 * so it names the document instead of repeating in its body.
 */
export function splitTitleLine(text: string): { title?: string; body: string } {
  const trimmed = text.replace(/^\s+/, '');
  const newline = trimmed.indexOf('\n');
  if (newline < 0) return { body: text };
  const line = cleanLine(trimmed.slice(0, newline));
  const body = trimmed.slice(newline + 1);
  const looksLikeTitle = line.length > 0 && line.length <= MAX_FIRST_LINE_TITLE && !/[.!?,;:]$/.test(line);
  return looksLikeTitle && body.trim() ? { title: line, body } : { body: text };
}
