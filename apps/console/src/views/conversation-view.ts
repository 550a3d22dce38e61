import type {
  AgentView,
  ConsoleMessage,
  ConsoleEvents,
  ConversationView as Conversation,
  TicketAction,
  TicketDetail,
  TicketView,
} from '@switchboard/contracts';
import type { CannedRepliesCache } from '../canned-replies-cache';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import {
  assigneeText,
  channelLabel,
  contactLabel,
  formatClock,
  formatConfidence,
  humanize,
  ownerLabel,
  reasonLabel,
} from '../format';
import { availableTicketActions, ticketActionLabel } from '../ticket-actions';
import { AssistPanel } from './assist-panel';
import { statusBadge } from './queue-view';
import { ReplyComposer, type Draft } from './reply-composer';
import { externalLinkOrText } from './external-link';
import { TranscriptView } from './transcript-view';
import { TicketLabelsView } from './ticket-labels-view';
import { contactPrivacyHash } from '../router';

export interface ConversationViewOptions {
  api: ConsoleApi;
  ticketId: string;
  me: () => AgentView;
  cannedReplies: CannedRepliesCache;
  drafts: Map<string, Draft>;
  /** The ticket as this view last fetched or changed it, so the queue can follow at once. */
  onTicketChanged(ticket: TicketView): void;
  onTitle(title: string): void;
}

interface Loaded {
  ticket: TicketView;
  conversation: Conversation;
  transcript: TranscriptView;
  composer: ReplyComposer;
  assist: AssistPanel;
  header: HTMLElement;
  actions: HTMLElement;
  actionKey: string;
  actionError: HTMLElement;
  handoff: HTMLElement;
  contact: HTMLElement;
  labels: TicketLabelsView;
}

/** One ticket's conversation: transcript, handoff details, contact, actions and the reply box. */
export class ConversationView {
  readonly element: HTMLElement;
  private loaded: Loaded | null = null;
  /** Events that arrive before the first load finishes, replayed onto it. */
  private early: Array<{ conversationId: string; message: ConsoleMessage }> = [];
  private loadSeq = 0;
  private destroyed = false;

  constructor(private readonly options: ConversationViewOptions) {
    this.element = h(
      'section',
      { className: 'conversation', attrs: { 'aria-label': 'Conversation', 'aria-busy': 'true' } },
      h('p', { className: 'pane-placeholder' }, 'Loading conversation…'),
    );
  }

  get ticketId(): string {
    return this.options.ticketId;
  }

  get conversationId(): string | null {
    return this.loaded?.conversation.id ?? null;
  }

  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    try {
      const detail = await this.options.api.getTicket(this.options.ticketId);
      if (this.destroyed || seq !== this.loadSeq) return;
      if (this.loaded && this.loaded.conversation.id === detail.conversation.id) this.refreshWith(detail);
      else this.render(detail);
      // The queue may have missed this change (e.g. a claim race), so hand it the fresh ticket too.
      this.options.onTicketChanged(detail.ticket);
    } catch (error) {
      if (this.destroyed || seq !== this.loadSeq || this.loaded) return;
      this.renderLoadError(error);
    }
  }

  applyTicket(ticket: TicketView): void {
    if (!this.loaded || ticket.id !== this.options.ticketId) return;
    this.loaded.ticket = ticket;
    this.updateTicketParts();
  }

  applyMessage(conversationId: string, message: ConsoleMessage): void {
    if (!this.loaded) {
      this.early.push({ conversationId, message });
      return;
    }
    if (conversationId === this.loaded.conversation.id) this.loaded.transcript.addMessage(message);
  }

  applyConversation(event: ConsoleEvents['conversation']): void {
    if (!this.loaded || event.conversationId !== this.loaded.conversation.id) return;
    this.loaded.conversation = { ...this.loaded.conversation, owner: event.owner, assigneeId: event.assigneeId };
    this.renderHeader();
  }

  destroy(): void {
    this.destroyed = true;
    this.loaded?.composer.destroy();
    this.loaded?.assist.destroy();
    this.element.remove();
  }

  private render(detail: TicketDetail): void {
    const { ticket, conversation, messages } = detail;
    const api = this.options.api;
    const transcript = new TranscriptView(
      conversation.contact,
      (messageId, index, name) => void api.downloadAttachment(conversation.id, messageId, index, name),
      {
        download: (attachmentId, name) => void api.downloadFile(conversation.id, attachmentId, name),
        previewUrl: (attachmentId) => api.filePreviewUrl(conversation.id, attachmentId),
      },
    );
    const composer = new ReplyComposer({
      cannedReplies: this.options.cannedReplies,
      draft: this.options.drafts.get(conversation.id),
      onDraftChange: (draft) => {
        if (draft.text === '' && !draft.isPrivate) this.options.drafts.delete(conversation.id);
        else this.options.drafts.set(conversation.id, draft);
      },
      send: (content, isPrivate) => this.send(content, isPrivate),
    });
    const assist = new AssistPanel({ api: this.options.api, conversationId: conversation.id, composer });
    this.loaded = {
      ticket,
      conversation,
      transcript,
      composer,
      assist,
      header: h('div', { className: 'conversation-heading' }),
      actions: h('div', { className: 'ticket-actions', attrs: { role: 'group', 'aria-label': 'Ticket actions' } }),
      actionKey: '',
      actionError: h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } }),
      handoff: h('section', { className: 'detail-card handoff', attrs: { 'aria-label': 'Handoff' } }),
      contact: h('section', { className: 'detail-card', attrs: { 'aria-label': 'Contact' } }),
      labels: new TicketLabelsView({
        api: this.options.api,
        ticket,
        onTicketChanged: (changed) => {
          this.applyTicket(changed);
          this.options.onTicketChanged(changed);
        },
      }),
    };
    const { header, actions, actionError, handoff, contact } = this.loaded;
    setChildren(
      this.element,
      h('header', { className: 'conversation-header' }, header, actions, actionError),
      h('div', { className: 'conversation-main' }, transcript.element, assist.element, composer.element),
      h(
        'aside',
        { className: 'conversation-details', attrs: { 'aria-label': 'Details' } },
        assist.summary,
        handoff,
        contact,
      ),
    );
    void assist.load();
    this.element.removeAttribute('aria-busy');
    this.renderHeader();
    this.updateTicketParts();
    this.renderContact();
    transcript.addMessages(messages);
    this.loadRating();
    transcript.addMessages(
      this.early.filter((early) => early.conversationId === conversation.id).map((early) => early.message),
    );
    this.early = [];
    // Laid out only after insertion, so scroll once the browser has measured the log.
    requestAnimationFrame(() => transcript.scrollToBottom());
    this.options.onTitle(contactLabel(conversation.contact));
  }

  /** A refetch after reconnecting: patch in what changed, keep the draft and scroll position. */
  private refreshWith(detail: TicketDetail): void {
    if (!this.loaded) return;
    this.loaded.conversation = detail.conversation;
    this.loaded.ticket = detail.ticket;
    this.renderHeader();
    this.updateTicketParts();
    this.loaded.transcript.addMessages(detail.messages);
    this.loadRating();
  }

  /** The customer's rating, shown in the transcript; a failure leaves it out (the transcript is what matters). */
  private loadRating(): void {
    if (!this.loaded) return;
    const { conversation, transcript } = this.loaded;
    this.options.api.conversationRating(conversation.id).then(
      (rating) => transcript.showRating(rating),
      () => undefined,
    );
  }

  private renderLoadError(error: unknown): void {
    this.element.removeAttribute('aria-busy');
    const notFound = error instanceof ApiError && error.status === 404;
    setChildren(
      this.element,
      h(
        'div',
        { className: 'pane-placeholder', attrs: { role: 'alert' } },
        h(
          'p',
          {},
          notFound
            ? 'This ticket does not exist in your workspace.'
            : `Couldn't load this conversation${error instanceof ApiError ? `: ${error.message}` : '.'}`,
        ),
        notFound
          ? null
          : h(
              'button',
              { className: 'button', attrs: { type: 'button' }, on: { click: () => void this.load() } },
              'Retry',
            ),
      ),
    );
  }

  private renderHeader(): void {
    if (!this.loaded) return;
    const { ticket, conversation, header } = this.loaded;
    const me = this.options.me();
    const assignee = assigneeText(ticket, me.id);
    setChildren(
      header,
      h(
        'div',
        { className: 'conversation-title' },
        h('h2', {}, contactLabel(conversation.contact)),
        ' ',
        statusBadge(ticket),
      ),
      h(
        'p',
        { className: 'conversation-sub' },
        `${conversation.inbox.name} · ${channelLabel(conversation.inbox.channel)} · ${ownerLabel(conversation.owner)} · ${assignee}`,
      ),
      this.loaded.labels.element,
    );
  }

  private updateTicketParts(): void {
    if (!this.loaded) return;
    this.loaded.labels.update(this.loaded.ticket);
    this.renderHeader();
    this.renderActions();
    this.renderHandoff();
  }

  private renderActions(): void {
    if (!this.loaded) return;
    const actions = availableTicketActions(this.loaded.ticket, this.options.me().id);
    const key = actions.join(',');
    // Re-rendering identical buttons would drop keyboard focus for no reason.
    if (key === this.loaded.actionKey) return;
    this.loaded.actionKey = key;
    setChildren(
      this.loaded.actions,
      ...actions.map((action) =>
        h(
          'button',
          {
            className: action === 'claim' ? 'button button--primary' : 'button button--secondary',
            attrs: { type: 'button', 'data-action': action },
            on: { click: (event) => void this.runAction(action, event.currentTarget as HTMLButtonElement) },
          },
          ticketActionLabel(action),
        ),
      ),
    );
  }

  private async runAction(action: TicketAction, button: HTMLButtonElement): Promise<void> {
    if (!this.loaded) return;
    const loaded = this.loaded;
    this.showActionError(null);
    setButtonsBusy(loaded.actions, true);
    try {
      const ticket = await this.options.api.ticketAction(this.options.ticketId, action);
      if (this.destroyed) return;
      this.applyTicket(ticket);
      this.options.onTicketChanged(ticket);
      if (action === 'claim') loaded.composer.focus();
    } catch (error) {
      if (this.destroyed) return;
      this.showActionError(actionErrorText(action, error));
      if (error instanceof ApiError && error.status === 409) void this.load();
    } finally {
      setButtonsBusy(loaded.actions, false);
      if (button.isConnected && document.activeElement === document.body) button.focus();
    }
  }

  private showActionError(message: string | null): void {
    if (!this.loaded) return;
    this.loaded.actionError.textContent = message ?? '';
    this.loaded.actionError.hidden = message === null;
  }

  private renderHandoff(): void {
    if (!this.loaded) return;
    const { ticket } = this.loaded;
    const sources = ticket.sources ?? [];
    const trace = Object.entries(ticket.confidenceTrace ?? {}).filter(
      (entry): entry is [string, string | number | boolean] =>
        ['string', 'number', 'boolean'].includes(typeof entry[1]),
    );
    setChildren(
      this.loaded.handoff,
      h('h3', { className: 'detail-title' }, 'Handoff'),
      h(
        'p',
        { className: 'handoff-reason' },
        h('span', { className: `reason-tag reason-tag--${ticket.reason}` }, reasonLabel(ticket.reason)),
      ),
      h('p', { className: 'muted' }, `Handed off ${formatClock(ticket.createdAt, new Date())}`),
      (ticket.summary ?? '').trim()
        ? h('p', { className: 'handoff-summary' }, ticket.summary)
        : h('p', { className: 'handoff-summary muted' }, 'No summary.'),
      ticket.confidence !== null
        ? h('p', { className: 'handoff-confidence' }, `Bot ${formatConfidence(ticket.confidence)}`)
        : null,
      h('h4', { className: 'detail-subtitle' }, 'Sources the bot looked at'),
      sources.length > 0
        ? h(
            'ul',
            { className: 'source-list' },
            ...sources.map((source) => h('li', {}, externalLinkOrText(source.url, source.title || source.documentId))),
          )
        : h('p', { className: 'muted' }, 'None.'),
      trace.length > 0
        ? h(
            'details',
            { className: 'confidence-trace' },
            h('summary', {}, 'Confidence details'),
            h(
              'dl',
              {},
              ...trace.flatMap(([key, value]) => [
                h('dt', {}, humanize(key)),
                h('dd', {}, typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value)),
              ]),
            ),
          )
        : null,
    );
  }

  private renderContact(): void {
    if (!this.loaded) return;
    const { conversation } = this.loaded;
    const rows: Array<[string, string]> = [
      ['Name', conversation.contact.name?.trim() || 'Visitor'],
      ['E-mail', conversation.contact.email?.trim() || '—'],
      ['Inbox', conversation.inbox.name],
      ['Channel', channelLabel(conversation.inbox.channel)],
      ['Started', new Date(conversation.createdAt).toLocaleString()],
      ['Contact id', conversation.contact.id],
    ];
    setChildren(
      this.loaded.contact,
      h('h3', { className: 'detail-title' }, 'Contact'),
      h(
        'dl',
        { className: 'detail-list' },
        ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
      ),
      // Admins export or erase the contact's data on the privacy page.
      this.options.me().role === 'admin'
        ? h('a', { attrs: { href: contactPrivacyHash(conversation.contact.id) } }, 'Export or erase their data')
        : null,
    );
  }

  private async send(content: string, isPrivate: boolean): Promise<ConsoleMessage> {
    if (!this.loaded) throw new Error('Conversation not loaded');
    const { conversation, transcript, assist } = this.loaded;
    const message = await this.options.api.sendMessage(conversation.id, content, isPrivate);
    if (!this.destroyed) {
      transcript.addMessage(message, { reveal: true });
      assist.clearResults();
    }
    return message;
  }
}

function setButtonsBusy(container: HTMLElement, busy: boolean): void {
  container.setAttribute('aria-busy', String(busy));
  for (const button of Array.from(container.querySelectorAll('button'))) button.disabled = busy;
}

function actionErrorText(action: TicketAction, error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.status === 409) {
    return action === 'claim'
      ? 'Someone else already claimed this conversation.'
      : 'Another agent holds this conversation now.';
  }
  return `${ticketActionLabel(action)} failed: ${error.message}`;
}
