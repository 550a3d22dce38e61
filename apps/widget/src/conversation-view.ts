import { h, setText } from './dom-element';
import { ChatEntry } from './message-store';
import { DraftRow, MessageActions, MessageRow, MessageUiState } from './message-view';
import { StreamDraft, Typist } from './stream-drafts';
import { WidgetStrings } from './strings';

const NEAR_BOTTOM_PX = 96;

export interface ConversationSnapshot {
  entries: ChatEntry[];
  drafts: StreamDraft[];
  uiFor(entry: ChatEntry): MessageUiState;
  strings: WidgetStrings;
  locale: string;
  /** Scroll to the newest message even when the visitor had scrolled up (they just sent one). */
  forceScroll: boolean;
}

/** The scrolling conversation: greeting, the message log, the streamed drafts and the typing indicator. */
export class ConversationView {
  readonly element: HTMLDivElement;
  private readonly greeting = h('div', { class: 'sb-greeting', hidden: true });
  private readonly connecting = h('div', { class: 'sb-connecting', hidden: true });
  private readonly blocked = h('div', { class: 'sb-blocked', role: 'alert', hidden: true });
  private readonly log = h('div', {
    class: 'sb-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
  });
  private readonly typingLabel = h('span');
  private readonly typing = h('div', { class: 'sb-typing', role: 'status', hidden: true }, [
    h('div', { class: 'sb-dots', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]),
    this.typingLabel,
  ]);
  private rows = new Map<string, MessageRow>();
  private draftRows = new Map<string, DraftRow>();

  constructor(private readonly actions: MessageActions) {
    this.element = h('div', { class: 'sb-scroll' }, [
      this.greeting,
      this.blocked,
      this.log,
      this.connecting,
      this.typing,
    ]);
  }

  render(snapshot: ConversationSnapshot): void {
    const stickToBottom = snapshot.forceScroll || this.isNearBottom();
    const nodes: HTMLElement[] = [];
    const liveRows = new Set<string>();
    let previous: { author: string; agentName: string | null } | null = null;

    for (const entry of snapshot.entries) {
      let row = this.rows.get(entry.key);
      if (!row) {
        row = new MessageRow(entry, this.actions);
        this.rows.set(entry.key, row);
      }
      const continued =
        previous !== null &&
        entry.author !== 'system' &&
        previous.author === entry.author &&
        previous.agentName === entry.agentName;
      row.update(entry, {
        strings: snapshot.strings,
        locale: snapshot.locale,
        ui: snapshot.uiFor(entry),
        continued,
      });
      liveRows.add(entry.key);
      nodes.push(row.element);
      previous = { author: entry.author, agentName: entry.agentName };
    }

    const liveDrafts = new Set<string>();
    for (const draft of snapshot.drafts) {
      let row = this.draftRows.get(draft.replyTo);
      if (!row) {
        row = new DraftRow(draft, snapshot.strings);
        this.draftRows.set(draft.replyTo, row);
      }
      row.update(draft, previous?.author === 'bot');
      liveDrafts.add(draft.replyTo);
      nodes.push(row.element);
      previous = { author: 'bot', agentName: null };
    }

    for (const [key, row] of this.rows) {
      if (!liveRows.has(key)) {
        row.element.remove();
        this.rows.delete(key);
      }
    }
    for (const [key, row] of this.draftRows) {
      if (!liveDrafts.has(key)) {
        row.element.remove();
        this.draftRows.delete(key);
      }
    }
    nodes.forEach((node, index) => {
      const current = this.log.children[index];
      if (current !== node) this.log.insertBefore(node, current ?? null);
    });

    if (stickToBottom) this.scrollToBottom();
  }

  /** Drops every row so the next render rebuilds them (after the language changed). */
  reset(): void {
    this.rows.clear();
    this.draftRows.clear();
    this.log.replaceChildren();
  }

  setGreeting(text: string | null): void {
    setText(this.greeting, text ?? '');
    this.greeting.hidden = text === null || text.trim() === '';
  }

  setConnecting(text: string | null): void {
    setText(this.connecting, text ?? '');
    this.connecting.hidden = text === null;
  }

  setBlocked(message: string | null): void {
    setText(this.blocked, message ?? '');
    this.blocked.hidden = message === null;
  }

  setTyping(who: Typist | null, strings: WidgetStrings): void {
    const stick = this.isNearBottom();
    setText(this.typingLabel, who === 'agent' ? strings.typingAgent : strings.typingBot);
    this.typing.hidden = who === null;
    if (stick) this.scrollToBottom();
  }

  scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private isNearBottom(): boolean {
    const { scrollHeight, scrollTop, clientHeight } = this.element;
    return scrollHeight - scrollTop - clientHeight < NEAR_BOTTOM_PX;
  }
}
