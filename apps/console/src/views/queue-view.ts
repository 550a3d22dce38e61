import type { ConsoleMessage, MessageAuthor, TicketView } from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import { assigneeText, contactLabel, firstLine, formatWaiting, reasonLabel, ticketStateLabel } from '../format';
import {
  applyMessageToTickets,
  DEFAULT_QUEUE_FILTER,
  upsertTicket,
  type QueueFilter,
  type QueueScope,
  type QueueStatusFilter,
} from '../queue-state';
import { ticketHash } from '../router';
import { LabelFiltersView } from './label-filters-view';

export interface QueueViewOptions {
  api: ConsoleApi;
  myAgentId: string;
  filter?: QueueFilter;
  onFilterChange?(filter: QueueFilter): void;
}

interface Row {
  item: HTMLLIElement;
  link: HTMLAnchorElement;
  wait: HTMLElement;
  ticket: TicketView;
}

const STATUS_OPTIONS: Array<[QueueStatusFilter, string]> = [
  ['active', 'Active'],
  ['open', 'Open'],
  ['assigned', 'Assigned'],
  ['pending', 'Pending'],
  ['resolved', 'Resolved'],
];

const SCOPE_OPTIONS: Array<[QueueScope, string]> = [
  ['all', 'All'],
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
];

/** How often waiting times tick; minutes are the finest unit shown. */
const WAIT_REFRESH_MS = 30_000;

/** The ticket queue: filters and one row per ticket, patched row by row as events arrive. */
export class QueueView {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly error: HTMLElement;
  private readonly count: HTMLElement;
  private readonly statusSelect: HTMLSelectElement;
  private readonly scopeSelect: HTMLSelectElement;
  private readonly labelFilters: LabelFiltersView;
  private readonly rows = new Map<string, Row>();
  private tickets: TicketView[] = [];
  private filter: QueueFilter;
  private selectedId: string | null = null;
  private loadSeq = 0;
  /** Ticket events that arrive while a fetch is in flight, replayed on top of its answer. */
  private buffered: TicketView[] | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly options: QueueViewOptions) {
    this.filter = options.filter ?? DEFAULT_QUEUE_FILTER;
    this.statusSelect = selectFor('queue-status', STATUS_OPTIONS, this.filter.status, () => this.changeFilter());
    this.scopeSelect = selectFor('queue-scope', SCOPE_OPTIONS, this.filter.scope, () => this.changeFilter());
    this.labelFilters = new LabelFiltersView({
      api: options.api,
      filter: this.filter.labels ?? {},
      onChange: (labels) => this.changeFilter(labels),
    });
    this.count = h('span', { className: 'queue-count', attrs: { 'aria-live': 'polite' } });
    this.list = h('ul', { className: 'queue-list' });
    this.empty = h('p', { className: 'queue-empty', attrs: { hidden: true } }, 'No tickets here. Nice work.');
    this.error = h('div', { className: 'queue-error', attrs: { role: 'alert', hidden: true } });
    this.element = h(
      'nav',
      { className: 'queue-pane', attrs: { 'aria-label': 'Ticket queue' } },
      h(
        'div',
        { className: 'queue-header' },
        h('h1', { className: 'pane-title' }, 'Queue ', this.count),
        h(
          'div',
          { className: 'queue-filters' },
          h(
            'div',
            { className: 'filter' },
            h('label', { attrs: { for: 'queue-status' } }, 'Status'),
            this.statusSelect,
          ),
          h('div', { className: 'filter' }, h('label', { attrs: { for: 'queue-scope' } }, 'Scope'), this.scopeSelect),
        ),
        this.labelFilters.element,
      ),
      this.error,
      this.list,
      this.empty,
    );
    this.timer = setInterval(() => this.refreshWaitingTimes(), WAIT_REFRESH_MS);
  }

  currentFilter(): QueueFilter {
    return this.filter;
  }

  async load(): Promise<void> {
    // Topics and teams change rarely: refreshed with the queue, not on every event.
    void this.labelFilters.load();
    const seq = ++this.loadSeq;
    this.buffered = [];
    this.element.setAttribute('aria-busy', 'true');
    try {
      const tickets = await this.options.api.listTickets(this.filter);
      if (seq !== this.loadSeq) return;
      let next = tickets;
      for (const ticket of this.buffered ?? []) next = upsertTicket(next, ticket, this.filter, this.options.myAgentId);
      this.showError(null);
      this.render(next);
    } catch (error) {
      if (seq !== this.loadSeq) return;
      if (!(error instanceof ApiError && error.status === 401)) this.showError(errorText(error));
    } finally {
      if (seq === this.loadSeq) {
        this.buffered = null;
        this.element.removeAttribute('aria-busy');
      }
    }
  }

  applyTicket(ticket: TicketView): void {
    this.buffered?.push(ticket);
    this.render(upsertTicket(this.tickets, ticket, this.filter, this.options.myAgentId));
  }

  applyMessage(conversationId: string, message: ConsoleMessage): void {
    this.render(applyMessageToTickets(this.tickets, conversationId, message));
  }

  setSelected(ticketId: string | null): void {
    if (this.selectedId !== null) this.rows.get(this.selectedId)?.link.removeAttribute('aria-current');
    this.selectedId = ticketId;
    if (ticketId !== null) this.rows.get(ticketId)?.link.setAttribute('aria-current', 'true');
  }

  destroy(): void {
    clearInterval(this.timer);
    this.loadSeq += 1;
    this.element.remove();
  }

  /** Brings the DOM in line with `tickets`, touching only rows that changed or moved. */
  private render(tickets: TicketView[]): void {
    this.tickets = tickets;
    const keep = new Set(tickets.map((ticket) => ticket.id));
    for (const [id, row] of this.rows) {
      if (keep.has(id)) continue;
      row.item.remove();
      this.rows.delete(id);
    }
    const now = Date.now();
    tickets.forEach((ticket, index) => {
      let row = this.rows.get(ticket.id);
      if (!row) {
        row = this.createRow(ticket, now);
        this.rows.set(ticket.id, row);
      } else if (row.ticket !== ticket) {
        this.fillRow(row, ticket, now);
      }
      const current = this.list.children.item(index);
      if (current !== row.item) this.list.insertBefore(row.item, current);
    });
    this.empty.hidden = tickets.length > 0;
    this.count.textContent = `(${tickets.length})`;
  }

  private createRow(ticket: TicketView, now: number): Row {
    const link = h('a', { className: 'ticket-row' });
    const row: Row = { item: h('li', { className: 'queue-item' }, link), link, wait: h('span'), ticket };
    this.fillRow(row, ticket, now);
    return row;
  }

  private fillRow(row: Row, ticket: TicketView, now: number): void {
    row.ticket = ticket;
    const { link } = row;
    link.href = ticketHash(ticket.id);
    link.dataset.ticketId = ticket.id;
    link.dataset.status = ticket.status;
    if (ticket.id === this.selectedId) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
    row.wait = h('span', { className: 'row-wait' }, waitingText(ticket, now));
    const last = ticket.lastMessage;
    const summary = firstLine(ticket.summary);
    setChildren(
      link,
      h(
        'span',
        { className: 'row-top' },
        h('span', { className: 'row-contact' }, contactLabel(ticket.contact)),
        ' ',
        row.wait,
      ),
      ' ',
      h(
        'span',
        { className: 'row-meta' },
        h('span', { className: `reason-tag reason-tag--${ticket.reason}` }, reasonLabel(ticket.reason)),
        ' ',
        statusBadge(ticket),
        ' ',
        h('span', { className: 'row-assignee' }, assigneeText(ticket, null)),
        ticket.labels.topic ? ' ' : null,
        ticket.labels.topic ? h('span', { className: 'label-chip label-chip--topic' }, ticket.labels.topic) : null,
        ticket.labels.urgency === 'high' ? ' ' : null,
        ticket.labels.urgency === 'high'
          ? h('span', { className: 'label-chip label-chip--urgency-high' }, 'High urgency')
          : null,
      ),
      ' ',
      summary ? h('span', { className: 'row-summary' }, summary) : null,
      ' ',
      last ? h('span', { className: 'row-last' }, `${authorPrefix(last.author)}${firstLine(last.content, 100)}`) : null,
    );
  }

  private refreshWaitingTimes(): void {
    const now = Date.now();
    for (const row of this.rows.values()) row.wait.textContent = waitingText(row.ticket, now);
  }

  private changeFilter(labels = this.filter.labels): void {
    const status = STATUS_OPTIONS.find(([value]) => value === this.statusSelect.value)?.[0] ?? 'active';
    const scope = SCOPE_OPTIONS.find(([value]) => value === this.scopeSelect.value)?.[0] ?? 'all';
    this.filter = { status, scope, ...(labels ? { labels } : {}) };
    this.options.onFilterChange?.(this.filter);
    void this.load();
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    if (message === null) {
      this.error.replaceChildren();
      return;
    }
    setChildren(
      this.error,
      h('span', {}, message),
      ' ',
      h(
        'button',
        { className: 'button button--small', attrs: { type: 'button' }, on: { click: () => void this.load() } },
        'Retry',
      ),
    );
  }
}

export function statusBadge(ticket: Pick<TicketView, 'status' | 'resolution'>): HTMLElement {
  const variant = ticket.status === 'resolved' && ticket.resolution === 'handed_back' ? 'handed-back' : ticket.status;
  return h('span', { className: `status-badge status-badge--${variant}` }, ticketStateLabel(ticket));
}

function waitingText(ticket: TicketView, now: number): string {
  if (ticket.status === 'resolved') {
    const resolvedAt = Date.parse(ticket.resolvedAt ?? ticket.createdAt);
    return `${formatWaiting(now - resolvedAt)} ago`;
  }
  return formatWaiting(now - Date.parse(ticket.createdAt));
}

function authorPrefix(author: MessageAuthor): string {
  switch (author) {
    case 'contact':
      return 'Customer: ';
    case 'bot':
      return 'Bot: ';
    case 'agent':
      return 'Agent: ';
    case 'system':
      return '';
  }
}

function selectFor<T extends string>(
  id: string,
  options: Array<[T, string]>,
  selected: T,
  onChange: () => void,
): HTMLSelectElement {
  return h(
    'select',
    { attrs: { id }, on: { change: onChange } },
    ...options.map(([value, label]) => h('option', { attrs: { value, selected: value === selected } }, label)),
  );
}

function errorText(error: unknown): string {
  return error instanceof ApiError ? `Couldn't load the queue: ${error.message}` : "Couldn't load the queue.";
}
