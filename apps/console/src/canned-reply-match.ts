import type { CannedReply } from '@switchboard/contracts';

export interface SlashCommand {
  /** Index of the "/" in the text. */
  start: number;
  /** Index just past the typed shortcode (the caret). */
  end: number;
  query: string;
}

/** The "/shortcode" being typed just before the caret, if any: the slash starts the text or follows a space. */
export function findSlashCommand(text: string, caret: number): SlashCommand | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const start = caret - match[2].length - 1;
  return { start, end: caret, query: match[2] };
}

/** Canned replies for a typed shortcode: prefix matches first, then shortcodes or texts containing it. */
export function matchCannedReplies(replies: readonly CannedReply[], query: string, limit = 8): CannedReply[] {
  const needle = query.trim().toLowerCase();
  const byShortCode = (a: CannedReply, b: CannedReply): number => a.shortCode.localeCompare(b.shortCode);
  if (!needle) return [...replies].sort(byShortCode).slice(0, limit);
  const prefix: CannedReply[] = [];
  const contains: CannedReply[] = [];
  for (const reply of replies) {
    const code = reply.shortCode.toLowerCase();
    if (code.startsWith(needle)) prefix.push(reply);
    else if (code.includes(needle) || reply.content.toLowerCase().includes(needle)) contains.push(reply);
  }
  return [...prefix.sort(byShortCode), ...contains.sort(byShortCode)].slice(0, limit);
}

export interface TextEdit {
  text: string;
  caret: number;
}

/** Replaces `text[start, end)` with `insert`, returning the new text and the caret just after the insertion. */
export function replaceRange(text: string, start: number, end: number, insert: string): TextEdit {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}

/** A shortcode as the agent may type it ("/greet", " greet ") reduced to what is stored ("greet"). */
export function normalizeShortCode(input: string): string {
  return input.trim().replace(/^\/+/, '');
}
