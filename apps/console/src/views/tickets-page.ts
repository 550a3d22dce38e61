import type { AgentView, ConsoleEvents, TicketView } from '@switchboard/contracts';
import type { CannedRepliesCache } from '../canned-replies-cache';
import type { ConsoleApi } from '../console-api';
import { h } from '../dom';
import type { QueueFilter } from '../queue-state';
import { ConversationView } from './conversation-view';
import { QueueView } from './queue-view';
import type { Draft } from './reply-composer';

export interface TicketsPageOptions {
  api: ConsoleApi;
  me: () => AgentView;
  cannedReplies: CannedRepliesCache;
  drafts: Map<string, Draft>;
  filter: QueueFilter;
  onFilterChange(filter: QueueFilter): void;
  onTitle(title: string): void;
}

/** The two-pane workspace: the queue stays put while the conversation pane follows the route. */
export class TicketsPage {
  readonly element: HTMLElement;
  private readonly queue: QueueView;
  private readonly detail: HTMLElement;
  private conversation: ConversationView | null = null;

  constructor(private readonly options: TicketsPageOptions) {
    this.queue = new QueueView({
      api: options.api,
      myAgentId: options.me().id,
      filter: options.filter,
      onFilterChange: options.onFilterChange,
    });
    this.detail = h('div', { className: 'detail-pane' });
    this.element = h('div', { className: 'tickets-page' }, this.queue.element, this.detail);
    void this.queue.load();
  }

  select(ticketId: string | null): void {
    this.queue.setSelected(ticketId);
    this.element.classList.toggle('tickets-page--has-selection', ticketId !== null);
    if (ticketId !== null && this.conversation?.ticketId === ticketId) return;
    this.conversation?.destroy();
    this.conversation = null;
    if (ticketId === null) {
      this.detail.replaceChildren(
        h(
          'div',
          { className: 'pane-placeholder pane-placeholder--empty' },
          h('p', {}, 'Select a ticket from the queue to see the conversation.'),
        ),
      );
      this.options.onTitle('Queue');
      return;
    }
    const conversation = new ConversationView({
      api: this.options.api,
      ticketId,
      me: this.options.me,
      cannedReplies: this.options.cannedReplies,
      drafts: this.options.drafts,
      onTicketChanged: (ticket) => this.queue.applyTicket(ticket),
      onTitle: this.options.onTitle,
    });
    this.conversation = conversation;
    this.detail.replaceChildren(conversation.element);
    void conversation.load();
  }

  applyTicket(ticket: TicketView): void {
    this.queue.applyTicket(ticket);
    this.conversation?.applyTicket(ticket);
  }

  applyMessage(event: ConsoleEvents['message']): void {
    this.queue.applyMessage(event.conversationId, event.message);
    this.conversation?.applyMessage(event.conversationId, event.message);
  }

  applyConversation(event: ConsoleEvents['conversation']): void {
    this.conversation?.applyConversation(event);
  }

  /** Catch up after the live stream was down. */
  refresh(): void {
    void this.queue.load();
    if (this.conversation) void this.conversation.load();
  }

  destroy(): void {
    this.queue.destroy();
    this.conversation?.destroy();
    this.element.remove();
  }
}
