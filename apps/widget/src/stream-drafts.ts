import type { WidgetMessage } from '@switchboard/contracts';

export interface StreamDraft {
  replyTo: string;
  text: string;
  /** Bumped on every change so the view only touches drafts that changed. */
  version: number;
}

export type Typist = 'bot' | 'agent';

/** What is being written right now: who is typing, and the bot's half-streamed answers keyed by the question. */
export class StreamDrafts {
  private readonly drafts = new Map<string, StreamDraft>();
  private readonly typing = new Map<string, Typist>();

  startTyping(replyTo: string, who: Typist): void {
    this.typing.set(replyTo, who);
  }

  appendToken(replyTo: string, text: string): StreamDraft {
    const draft = this.drafts.get(replyTo);
    if (draft) {
      draft.text += text;
      draft.version++;
      return draft;
    }
    return this.create(replyTo, text);
  }

  reset(replyTo: string, text: string): StreamDraft {
    const draft = this.drafts.get(replyTo);
    if (!draft) return this.create(replyTo, text);
    draft.text = text;
    draft.version++;
    return draft;
  }

  discard(replyTo: string): void {
    this.drafts.delete(replyTo);
    this.typing.delete(replyTo);
  }

  /** Drops every draft and bot typing state, e.g. when an agent takes the conversation over. */
  discardBot(): void {
    this.drafts.clear();
    for (const [replyTo, who] of [...this.typing]) if (who === 'bot') this.typing.delete(replyTo);
  }

  /**
   * A final bot message replaces its draft: the one it names in `replyTo`, else the draft its text continues,
   * else the oldest. Returns the replaced draft's key, if any.
   */
  settle(message: WidgetMessage): string | null {
    if (message.author !== 'bot' && message.author !== 'agent') return null;
    if (message.author === 'agent') {
      for (const [replyTo, who] of [...this.typing]) if (who === 'agent') this.typing.delete(replyTo);
      return null;
    }
    const replyTo = this.pickDraftFor(message);
    if (replyTo !== null) this.discard(replyTo);
    else this.discardOldestBotTyping();
    return replyTo;
  }

  list(): StreamDraft[] {
    return [...this.drafts.values()];
  }

  /** Who to show as typing: someone typing whose answer has not started streaming yet. */
  typist(): Typist | null {
    let result: Typist | null = null;
    for (const [replyTo, who] of this.typing) {
      if (who === 'agent') return 'agent';
      if (!this.drafts.has(replyTo)) result = 'bot';
    }
    return result;
  }

  clearTyping(): void {
    this.typing.clear();
  }

  private create(replyTo: string, text: string): StreamDraft {
    const draft: StreamDraft = { replyTo, text, version: 0 };
    this.drafts.set(replyTo, draft);
    return draft;
  }

  private pickDraftFor(message: WidgetMessage): string | null {
    if (message.replyTo !== null && (this.drafts.has(message.replyTo) || this.typing.has(message.replyTo))) {
      return message.replyTo;
    }
    const drafts = this.list();
    const continued = drafts.find((draft) => draft.text !== '' && message.content.startsWith(draft.text.trimEnd()));
    return (continued ?? drafts[0])?.replyTo ?? null;
  }

  private discardOldestBotTyping(): void {
    for (const [replyTo, who] of this.typing) {
      if (who === 'bot') {
        this.typing.delete(replyTo);
        return;
      }
    }
  }
}
