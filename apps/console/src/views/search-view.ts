import {
  CHANNEL_TYPES,
  SEARCH_STATUSES,
  TICKET_URGENCIES,
  type ConversationDetail,
  type ConversationSearchHit,
  type ConversationSearchResults,
  type SearchMessageHit,
} from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import {
  authorLabel,
  channelLabel,
  contactLabel,
  formatClock,
  humanize,
  ownerLabel,
  ticketStateLabel,
} from '../format';
import { routeHash } from '../router';
import { highlightSegments, searchQuery, type SearchForm } from '../search-highlight';
import { TranscriptView } from './transcript-view';

interface FilterControls {
  q: HTMLInputElement;
  status: HTMLSelectElement;
  channel: HTMLSelectElement;
  urgency: HTMLSelectElement;
  from: HTMLInputElement;
  to: HTMLInputElement;
}

/** Search: a query and filters, the conversations that match with their matches marked, and the one picked. */
export class SearchView {
  readonly element: HTMLElement;
  private readonly controls: FilterControls;
  private readonly results: HTMLElement;
  private readonly detail: HTMLElement;
  private page = 1;
  private searchSeq = 0;
  private detailSeq = 0;

  constructor(private readonly api: ConsoleApi) {
    this.controls = {
      q: h('input', { attrs: { id: 'search-q', type: 'search', maxlength: 200, placeholder: 'Words to find' } }),
      status: choice('search-status', SEARCH_STATUSES, ownerLabel),
      channel: choice('search-channel', CHANNEL_TYPES, channelLabel),
      urgency: choice('search-urgency', TICKET_URGENCIES, humanize),
      from: h('input', { attrs: { id: 'search-from', type: 'date' } }),
      to: h('input', { attrs: { id: 'search-to', type: 'date' } }),
    };
    const form = h(
      'form',
      {
        className: 'queue-filters search-form',
        attrs: { role: 'search' },
        on: { submit: (event) => this.submit(event) },
      },
      labelled('search-q', 'Words', this.controls.q),
      labelled('search-status', 'Status', this.controls.status),
      labelled('search-channel', 'Channel', this.controls.channel),
      labelled('search-urgency', 'Urgency', this.controls.urgency),
      labelled('search-from', 'From', this.controls.from),
      labelled('search-to', 'Before', this.controls.to),
      h('button', { className: 'button', attrs: { type: 'submit' } }, 'Search'),
    );
    this.results = h('div', { className: 'search-results', attrs: { 'aria-live': 'polite' } });
    this.detail = h('section', { className: 'search-detail', attrs: { 'aria-label': 'Conversation' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'search-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'search-title' } }, 'Search'),
      ),
      form,
      h('div', { className: 'search-layout' }, this.results, this.detail),
    );
  }

  focus(): void {
    this.controls.q.focus();
  }

  destroy(): void {
    this.searchSeq += 1;
    this.detailSeq += 1;
    this.element.remove();
  }

  /** Shows the conversation picked from the results (or none). */
  select(conversationId: string | null): void {
    const seq = ++this.detailSeq;
    if (conversationId === null) {
      setChildren(this.detail, h('p', { className: 'pane-placeholder' }, 'Pick a result to read its conversation.'));
      return;
    }
    setChildren(this.detail, h('p', { className: 'muted' }, 'Loading conversation…'));
    this.api.conversation(conversationId).then(
      (detail) => seq === this.detailSeq && this.renderDetail(detail),
      (error: unknown) =>
        seq === this.detailSeq && this.showError(this.detail, "Couldn't load the conversation", error),
    );
  }

  private submit(event: Event): void {
    event.preventDefault();
    this.page = 1;
    void this.search();
  }

  private form(): SearchForm {
    const { q, status, channel, urgency, from, to } = this.controls;
    return {
      q: q.value,
      status: status.value,
      channel: channel.value,
      urgency: urgency.value,
      from: from.value,
      to: to.value,
      page: this.page,
    };
  }

  private async search(): Promise<void> {
    const form = this.form();
    if (!form.q.trim()) {
      setChildren(this.results, h('p', { className: 'muted' }, 'Type words to find.'));
      return;
    }
    const seq = ++this.searchSeq;
    this.results.setAttribute('aria-busy', 'true');
    try {
      const found = await this.api.search(searchQuery(form));
      if (seq === this.searchSeq) this.renderResults(found);
    } catch (error) {
      if (seq === this.searchSeq) this.showError(this.results, "Couldn't search", error);
    } finally {
      if (seq === this.searchSeq) this.results.removeAttribute('aria-busy');
    }
  }

  private renderResults(found: ConversationSearchResults): void {
    if (found.total === 0) {
      setChildren(this.results, h('p', { className: 'muted' }, 'No conversation matches.'));
      return;
    }
    const pages = Math.ceil(found.total / found.pageSize);
    setChildren(
      this.results,
      h(
        'p',
        { className: 'muted' },
        `${found.total} conversation${found.total === 1 ? '' : 's'} · page ${found.page}/${pages}`,
      ),
      h('ol', { className: 'search-hits' }, ...found.results.map((hit) => this.hitItem(hit))),
      h(
        'div',
        { className: 'search-pages' },
        found.page > 1 && this.pageButton('Previous', found.page - 1),
        found.page < pages && this.pageButton('Next', found.page + 1),
      ),
    );
  }

  private hitItem(hit: ConversationSearchHit): HTMLElement {
    const { conversation } = hit;
    const href = routeHash({ name: 'search', conversationId: conversation.id });
    return h(
      'li',
      { className: 'search-hit' },
      h(
        'a',
        { className: 'search-hit-link', attrs: { href } },
        `${contactLabel(conversation.contact)} · ${channelLabel(conversation.inbox.channel)} · ${ownerLabel(conversation.owner)}`,
      ),
      h(
        'span',
        { className: 'muted' },
        ` ${hit.matchingMessages} matching message${hit.matchingMessages === 1 ? '' : 's'}`,
      ),
      ...hit.messages.map((message) => matchLine(message, conversation.contact)),
    );
  }

  private pageButton(label: string, page: number): HTMLElement {
    const go = (): void => {
      this.page = page;
      void this.search();
    };
    return h('button', { className: 'button button--secondary', attrs: { type: 'button' }, on: { click: go } }, label);
  }

  private renderDetail(detail: ConversationDetail): void {
    const transcript = new TranscriptView(detail.conversation.contact);
    transcript.addMessages(detail.messages);
    setChildren(
      this.detail,
      h('h2', {}, `${contactLabel(detail.conversation.contact)} · ${detail.conversation.inbox.name}`),
      detail.tickets.length > 0 &&
        h(
          'ul',
          { className: 'search-tickets' },
          ...detail.tickets.map((ticket) =>
            h(
              'li',
              {},
              h('a', { attrs: { href: routeHash({ name: 'tickets', ticketId: ticket.id }) } }, 'Open ticket'),
              ` · ${ticketStateLabel(ticket)}`,
            ),
          ),
        ),
      transcript.element,
    );
  }

  private showError(target: HTMLElement, what: string, error: unknown): void {
    setChildren(
      target,
      h(
        'p',
        { className: 'form-error', attrs: { role: 'alert' } },
        `${what}${error instanceof ApiError ? `: ${error.message}` : '.'}`,
      ),
    );
  }
}

/** One matching message: who wrote it, when, and its excerpt with each match in a <mark> (text only, never HTML). */
function matchLine(message: SearchMessageHit, contact: ConversationSearchHit['conversation']['contact']): HTMLElement {
  const author = authorLabel({ author: message.author, agentName: null }, contact);
  return h(
    'p',
    { className: message.private ? 'search-match search-match--note' : 'search-match' },
    h(
      'span',
      { className: 'muted' },
      `${author}${message.private ? ' (note)' : ''} · ${formatClock(message.createdAt, new Date())}: `,
    ),
    ...highlightSegments(message.highlight).map((segment) =>
      segment.match ? h('mark', {}, segment.text) : segment.text,
    ),
  );
}

function choice<T extends string>(id: string, values: readonly T[], label: (value: T) => string): HTMLSelectElement {
  return h(
    'select',
    { attrs: { id } },
    h('option', { attrs: { value: '' } }, 'Any'),
    ...values.map((value) => h('option', { attrs: { value } }, label(value))),
  );
}

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { className: 'filter' }, h('label', { attrs: { for: id } }, label), control);
}
