import { AnswerFilterContext, filterAnswer } from '../safety';

export type FilteredDelta = { type: 'text'; text: string } | { type: 'reset'; text: string };

// A trailing number, address or link may still grow: hold it back until the next space shows where it ends.
// A word followed by a comma, a question mark and the like cannot grow into either.
const PLAIN_WORD_END = /(?:^|\s)[\p{L}'’]+[,;!?)\]"”]*$/u;
// A word followed by "." or ":" may be a domain or a scheme in the making: only that last character waits.
const WORD_THEN_STOP = /(?:^|\s)[\p{L}'’]+[.:]$/u;
const UNFINISHED = /(?:[+(]?\d[\d\s().\-/]*|\S*[@:/.]\S*)$/;

/**
 * Applies the output filter to a streamed answer without waiting for its end: text is released up to the
 * last word that can no longer change the filter's verdict. If the filter blocks the answer after text went
 * out, or a release would have to change text already sent, the caller is told to reset.
 */
export class StreamingOutputFilter {
  private raw = '';
  private sent = '';

  constructor(private readonly context: AnswerFilterContext) {}

  push(token: string): FilteredDelta | null {
    this.raw += token;
    // A plain word can go out at once (nothing the filter redacts is letters only); anything else waits for a space.
    const lastSpace = Math.max(this.raw.lastIndexOf(' '), this.raw.lastIndexOf('\n'));
    const wordEnds = PLAIN_WORD_END.test(this.raw);
    const stopAfterWord = !wordEnds && WORD_THEN_STOP.test(this.raw);
    if (lastSpace < 0 && !wordEnds && !stopAfterWord) return null;
    let safe = wordEnds ? this.raw : stopAfterWord ? this.raw.slice(0, -1) : this.raw.slice(0, lastSpace + 1);
    const hold = UNFINISHED.exec(safe.trimEnd());
    if (hold && hold[0].length > 0) safe = safe.slice(0, safe.trimEnd().length - hold[0].length);
    return this.release(safe, false);
  }

  /** The whole text is in: filter it once more and release the rest. */
  finish(): { delta: FilteredDelta | null; text: string; blocked: boolean } {
    const filtered = filterAnswer(this.raw, this.context);
    const delta = this.release(this.raw, true);
    return { delta, text: filtered.text, blocked: filtered.blocked };
  }

  get rawText(): string {
    return this.raw;
  }

  private release(prefix: string, final: boolean): FilteredDelta | null {
    const filtered = filterAnswer(prefix, this.context);
    const text = final ? filtered.text : filtered.text.slice(0, Math.max(this.sent.length, filtered.text.length));
    if (filtered.blocked || !text.startsWith(this.sent)) {
      this.sent = text;
      return { type: 'reset', text };
    }
    const delta = text.slice(this.sent.length);
    this.sent = text;
    return delta ? { type: 'text', text: delta } : null;
  }
}
