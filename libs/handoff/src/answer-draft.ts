import type { LiveDraft } from '@switchboard/channels';

export interface AnswerDraftTiming {
  /** An answer finished sooner than this is simply posted: no draft for fast (extractive, cached) answers. */
  startAfterMs: number;
  /** Edits at most this often, within what Slack allows for chat.update. */
  updateEveryMs: number;
}

/**
 * A long answer on a queued channel that can edit what it posted (Slack): once the answer has been coming for a
 * while, its text so far is posted, then edited as more arrives; the final message replaces the draft. Channel
 * failures stop the drafting, never the answer.
 */
export class AnswerDraft {
  private text = '';
  private firstTokenAt: number | null = null;
  private lastUpdateAt = 0;
  private draft: LiveDraft | null = null;
  private stopped = false;

  constructor(
    private readonly start: (text: string) => Promise<LiveDraft | null>,
    private readonly timing: AnswerDraftTiming,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The channel's id of the posted draft, for the final message to replace; null when none was posted. */
  get id(): string | null {
    return this.draft?.externalId ?? null;
  }

  append(token: string, now: number): Promise<void> {
    return this.write(this.text + token, now);
  }

  /** The stream fell back or was filtered: the draft shows the replacement. */
  replace(text: string, now: number): Promise<void> {
    return this.write(text, now, true);
  }

  /** The answer will not be sent (an agent took over): the draft says so instead of half an answer. */
  async withdraw(text: string): Promise<void> {
    if (!this.draft || this.stopped) return;
    await this.attempt(() => this.draft?.update(text));
    this.stopped = true;
  }

  private async write(text: string, now: number, force = false): Promise<void> {
    this.text = text;
    this.firstTokenAt ??= now;
    if (this.stopped || !this.text.trim()) return;
    if (!this.draft) {
      if (now - this.firstTokenAt < this.timing.startAfterMs) return;
      this.lastUpdateAt = now;
      await this.attempt(async () => {
        this.draft = await this.start(this.text);
        if (!this.draft) this.stopped = true;
      });
      return;
    }
    if (!force && now - this.lastUpdateAt < this.timing.updateEveryMs) return;
    this.lastUpdateAt = now;
    await this.attempt(() => this.draft?.update(this.text));
  }

  private async attempt(action: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.stopped = true;
      this.onError(error);
    }
  }
}
