import type { AuditEventView, AuditEventsFilter } from '@switchboard/contracts';
import { actorTypeLabel, changeLines, filterQuery, targetText } from '../audit-log';
import { ApiError, type ConsoleApi } from '../console-api';
import { append, h, setChildren } from '../dom';

const PAGE_SIZE = 50;

/** Admin page: who changed the workspace's configuration or access, when, from where, and what changed. */
export class AuditLogView {
  readonly element: HTMLElement;
  private readonly action: HTMLInputElement;
  private readonly actorType: HTMLSelectElement;
  private readonly since: HTMLInputElement;
  private readonly until: HTMLInputElement;
  private readonly rows: HTMLElement;
  private readonly error: HTMLElement;
  private readonly more: HTMLButtonElement;
  private filter: AuditEventsFilter = {};
  private nextCursor: string | null = null;
  /** Bumped by each reload, so a page answered after a newer filter was applied is dropped. */
  private generation = 0;
  private destroyed = false;

  constructor(private readonly api: ConsoleApi) {
    this.action = h('input', {
      attrs: { id: 'audit-action', type: 'text', placeholder: 'webhook.*', spellcheck: 'false' },
    });
    this.actorType = h(
      'select',
      { attrs: { id: 'audit-actor-type' } },
      h('option', { attrs: { value: '' } }, 'Anyone'),
      ...(['agent', 'api_key', 'admin_token', 'system'] as const).map((type) =>
        h('option', { attrs: { value: type } }, actorTypeLabel(type)),
      ),
    );
    this.since = h('input', { attrs: { id: 'audit-since', type: 'date' } });
    this.until = h('input', { attrs: { id: 'audit-until', type: 'date' } });
    this.error = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.rows = h('tbody', { attrs: { 'aria-live': 'polite' } });
    this.more = h(
      'button',
      { className: 'button', attrs: { type: 'button', hidden: true }, on: { click: () => void this.loadMore() } },
      'Load more',
    );
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'audit-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'audit-title' } }, 'Audit log'),
      ),
      h(
        'p',
        { className: 'muted' },
        'Every change to API keys, agents, settings, inboxes, knowledge sources, actions, webhooks, canned replies and teams: who made it, from where, and what changed. Secret values are never shown.',
      ),
      this.filterForm(),
      this.error,
      h('table', { className: 'table audit-table' }, this.header(), this.rows),
      this.more,
    );
    void this.reload();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private filterForm(): HTMLElement {
    const field = (id: string, label: string, input: HTMLElement) =>
      h('div', { className: 'field' }, h('label', { attrs: { for: id } }, label), input);
    const download = (format: 'csv' | 'jsonl', label: string) =>
      h(
        'button',
        { className: 'button', attrs: { type: 'button' }, on: { click: () => void this.download(format) } },
        label,
      );
    const form = h(
      'form',
      { className: 'card audit-filters', attrs: { 'aria-label': 'Filter the audit log', novalidate: true } },
      field('audit-action', 'Action', this.action),
      field('audit-actor-type', 'Actor', this.actorType),
      field('audit-since', 'From', this.since),
      field('audit-until', 'Before', this.until),
      h(
        'div',
        { className: 'row-buttons' },
        h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Apply'),
        download('csv', 'Download CSV'),
        download('jsonl', 'Download JSONL'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.reload();
    });
    return form;
  }

  private header(): HTMLElement {
    const column = (label: string) => h('th', { attrs: { scope: 'col' } }, label);
    return h(
      'thead',
      {},
      h('tr', {}, column('When'), column('Actor'), column('IP'), column('Action'), column('Target'), column('Changes')),
    );
  }

  private async reload(): Promise<void> {
    this.filter = filterQuery({
      action: this.action.value,
      actorType: this.actorType.value,
      since: this.since.value,
      until: this.until.value,
    });
    this.generation += 1;
    setChildren(this.rows);
    await this.fetchPage(null);
  }

  private async loadMore(): Promise<void> {
    if (this.nextCursor) await this.fetchPage(this.nextCursor);
  }

  private async fetchPage(cursor: string | null): Promise<void> {
    this.error.hidden = true;
    const generation = this.generation;
    try {
      const page = await this.api.auditEvents({ ...this.filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (this.destroyed || generation !== this.generation) return;
      append(this.rows, ...page.events.map((event) => eventRow(event)));
      if (!cursor && page.events.length === 0) append(this.rows, emptyRow());
      this.nextCursor = page.nextCursor;
      this.more.hidden = page.nextCursor === null;
    } catch (error) {
      if (!this.destroyed) this.showError(`Couldn't load the audit log${detail(error)}`);
    }
  }

  private async download(format: 'csv' | 'jsonl'): Promise<void> {
    this.error.hidden = true;
    try {
      await this.api.downloadAuditLog({ ...this.filter, format });
    } catch (error) {
      if (!this.destroyed) this.showError(`Couldn't download the audit log${detail(error)}`);
    }
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}

function eventRow(event: AuditEventView): HTMLElement {
  const changes = changeLines(event);
  return h(
    'tr',
    { attrs: { 'data-audit-event-id': event.id } },
    h('td', {}, h('time', { attrs: { datetime: event.occurredAt } }, new Date(event.occurredAt).toLocaleString())),
    h('td', {}, event.actor.display, h('span', { className: 'muted' }, ` · ${actorTypeLabel(event.actor.type)}`)),
    h('td', { className: 'mono' }, event.ip ?? '—'),
    h('td', { className: 'mono' }, event.action),
    h('td', { className: 'mono' }, targetText(event.target)),
    h(
      'td',
      {},
      changes.length === 0
        ? h('span', { className: 'muted' }, 'No field changed')
        : h(
            'ul',
            { className: 'audit-changes' },
            ...changes.map((change) =>
              h(
                'li',
                {},
                h('span', { className: 'mono' }, change.field),
                ': ',
                h('span', { className: 'audit-before' }, change.before),
                ' → ',
                h('span', { className: 'audit-after' }, change.after),
              ),
            ),
          ),
    ),
  );
}

function emptyRow(): HTMLElement {
  return h('tr', {}, h('td', { className: 'muted', attrs: { colspan: 6 } }, 'No events match.'));
}

function detail(error: unknown): string {
  return error instanceof ApiError ? `: ${error.message}` : '.';
}
