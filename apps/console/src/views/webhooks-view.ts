import type { WebhookDeliveryView, WebhookView, WebhookWithSecret } from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import { deliveryCells, endpointStatus } from '../webhooks';

export interface WebhooksViewOptions {
  api: ConsoleApi;
  /** Every change to the endpoints: the app shell's notice of disabled endpoints follows it. */
  onChange(webhooks: WebhookView[]): void;
}

const DELIVERY_HEADINGS = ['Event', 'Status', 'Attempts', 'Latency', 'Response', 'Response excerpt', 'Next attempt'];

/**
 * Admin page: the workspace's webhook endpoints (create, change events, enable or disable, rotate the secret,
 * delete) and, per endpoint, its delivery log with a replay button. A secret is shown once, when it is made.
 */
export class WebhooksView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;
  private readonly secretNotice: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly formTitle: HTMLElement;
  private readonly url: HTMLInputElement;
  private readonly description: HTMLInputElement;
  private readonly eventsFieldset: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancelEdit: HTMLButtonElement;
  private readonly deliveries: HTMLElement;
  private webhooks: WebhookView[] = [];
  private eventTypes: string[] = [];
  private editing: WebhookView | null = null;
  private showingDeliveriesOf: WebhookView | null = null;
  private destroyed = false;

  constructor(private readonly options: WebhooksViewOptions) {
    this.status = h('p', { className: 'form-notice', attrs: { role: 'status' } });
    this.error = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.secretNotice = h('div', { className: 'card webhook-secret', attrs: { hidden: true } });
    this.list = h('div', { className: 'webhook-list', attrs: { 'aria-live': 'polite' } });
    this.deliveries = h('section', { className: 'webhook-deliveries', attrs: { 'aria-label': 'Deliveries' } });
    this.formTitle = h('h2', { className: 'section-title', attrs: { id: 'webhook-form-title' } }, 'Add an endpoint');
    this.url = h('input', {
      className: 'input',
      attrs: { type: 'url', name: 'url', id: 'webhook-url', required: true },
    });
    this.description = h('input', {
      className: 'input',
      attrs: { type: 'text', name: 'description', id: 'webhook-description', maxlength: 500 },
    });
    this.eventsFieldset = h('fieldset', { className: 'webhook-events' });
    this.submit = h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Add endpoint');
    this.cancelEdit = h(
      'button',
      { className: 'button', attrs: { type: 'button', hidden: true }, on: { click: () => this.edit(null) } },
      'Cancel editing',
    );
    this.form = this.buildForm();
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'webhooks-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'webhooks-title' } }, 'Webhooks'),
      ),
      h(
        'p',
        { className: 'muted' },
        'Switchboard POSTs each subscribed event to your endpoints, signed with the endpoint’s secret. An endpoint that keeps failing for a day is disabled.',
      ),
      this.status,
      this.error,
      this.secretNotice,
      this.list,
      this.deliveries,
      this.form,
    );
    void this.load();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(): Promise<void> {
    try {
      const overview = await this.options.api.listWebhooks();
      if (this.destroyed) return;
      this.eventTypes = overview.eventTypes;
      this.renderEventBoxes(this.editing?.events ?? []);
      this.setWebhooks(overview.webhooks);
    } catch (error) {
      if (!this.destroyed) this.showError(`Couldn't load webhooks${detail(error)}`);
    }
  }

  private setWebhooks(webhooks: WebhookView[]): void {
    this.webhooks = webhooks;
    this.options.onChange(webhooks);
    this.renderList();
  }

  private replaceWebhook(webhook: WebhookView): void {
    this.setWebhooks(this.webhooks.map((other) => (other.id === webhook.id ? webhook : other)));
  }

  private renderList(): void {
    if (this.webhooks.length === 0) {
      setChildren(this.list, h('p', { className: 'muted' }, 'No endpoints yet.'));
      return;
    }
    const headings = ['URL', 'Description', 'Events', 'Status'];
    setChildren(
      this.list,
      h(
        'table',
        { className: 'table webhook-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...headings.map((heading) => h('th', { attrs: { scope: 'col' } }, heading)),
            h('th', { attrs: { scope: 'col' } }, h('span', { className: 'visually-hidden' }, 'Manage')),
          ),
        ),
        h('tbody', {}, ...this.webhooks.map((webhook) => this.renderRow(webhook))),
      ),
    );
  }

  private renderRow(webhook: WebhookView): HTMLElement {
    const button = (label: string, run: () => Promise<void> | void, danger = false): HTMLButtonElement =>
      h(
        'button',
        {
          className: `button button--small${danger ? ' button--danger' : ''}`,
          attrs: { type: 'button', 'aria-label': `${label} ${webhook.url}` },
          on: { click: () => void run() },
        },
        label,
      );
    return h(
      'tr',
      { attrs: { 'data-webhook-id': webhook.id } },
      h('td', { className: 'mono' }, webhook.url),
      h('td', {}, webhook.description),
      h('td', {}, webhook.events.join(', ')),
      h('td', { attrs: { 'data-column': 'status' } }, endpointStatus(webhook)),
      h(
        'td',
        { className: 'table-actions' },
        h(
          'div',
          { className: 'row-buttons' },
          button('Deliveries', () => this.showDeliveries(webhook)),
          button('Edit', () => this.edit(webhook)),
          button(webhook.enabled ? 'Disable' : 'Enable', () => this.setEnabled(webhook, !webhook.enabled)),
          button('Rotate secret', () => this.rotateSecret(webhook)),
          button('Delete', () => this.remove(webhook), true),
        ),
      ),
    );
  }

  private buildForm(): HTMLFormElement {
    const labelled = (id: string, label: string, control: HTMLElement): HTMLElement =>
      h('div', { className: 'field' }, h('label', { className: 'field-label', attrs: { for: id } }, label), control);
    return h(
      'form',
      {
        className: 'card webhook-form',
        attrs: { 'aria-labelledby': 'webhook-form-title', novalidate: true },
        on: {
          submit: (event) => {
            event.preventDefault();
            void this.save();
          },
        },
      },
      this.formTitle,
      labelled('webhook-url', 'URL', this.url),
      labelled('webhook-description', 'Description', this.description),
      this.eventsFieldset,
      h('div', { className: 'row-buttons' }, this.submit, this.cancelEdit),
    );
  }

  private renderEventBoxes(checked: readonly string[]): void {
    setChildren(
      this.eventsFieldset,
      h('legend', { className: 'field-label' }, 'Events'),
      ...this.eventTypes.map((type) =>
        h(
          'label',
          { className: 'checkbox' },
          h('input', { attrs: { type: 'checkbox', name: 'events', value: type, checked: checked.includes(type) } }),
          ` ${type}`,
        ),
      ),
    );
  }

  private chosenEvents(): string[] {
    const boxes = this.eventsFieldset.querySelectorAll<HTMLInputElement>('input[name="events"]');
    return [...boxes].filter((box) => box.checked).map((box) => box.value);
  }

  private edit(webhook: WebhookView | null): void {
    this.editing = webhook;
    this.formTitle.textContent = webhook ? `Edit ${webhook.url}` : 'Add an endpoint';
    this.submit.textContent = webhook ? 'Save changes' : 'Add endpoint';
    this.cancelEdit.hidden = webhook === null;
    this.url.value = webhook?.url ?? '';
    this.description.value = webhook?.description ?? '';
    this.renderEventBoxes(webhook?.events ?? []);
    if (webhook) this.url.focus();
  }

  private async save(): Promise<void> {
    const body = { url: this.url.value.trim(), events: this.chosenEvents(), description: this.description.value };
    const editing = this.editing;
    await this.run(editing ? 'Couldn’t save the endpoint' : 'Couldn’t add the endpoint', async () => {
      if (editing) {
        this.replaceWebhook(await this.options.api.updateWebhook(editing.id, body));
        this.status.textContent = `Saved ${body.url}.`;
      } else {
        const created = await this.options.api.createWebhook(body);
        this.setWebhooks([...this.webhooks, created.webhook]);
        this.showSecret(created, 'created');
      }
      this.edit(null);
    });
  }

  private async setEnabled(webhook: WebhookView, enabled: boolean): Promise<void> {
    await this.run(`Couldn’t ${enabled ? 'enable' : 'disable'} the endpoint`, async () => {
      this.replaceWebhook(await this.options.api.updateWebhook(webhook.id, { enabled }));
      this.status.textContent = `${enabled ? 'Enabled' : 'Disabled'} ${webhook.url}.`;
    });
  }

  private async rotateSecret(webhook: WebhookView): Promise<void> {
    await this.run('Couldn’t rotate the secret', async () => {
      const rotated = await this.options.api.rotateWebhookSecret(webhook.id);
      this.replaceWebhook(rotated.webhook);
      this.showSecret(rotated, 'rotated');
    });
  }

  private async remove(webhook: WebhookView): Promise<void> {
    await this.run('Couldn’t delete the endpoint', async () => {
      this.setWebhooks(await this.options.api.deleteWebhook(webhook.id));
      if (this.showingDeliveriesOf?.id === webhook.id) this.closeDeliveries();
      this.status.textContent = `Deleted ${webhook.url}.`;
    });
  }

  /** The secret, once: it cannot be read again, only rotated. */
  private showSecret(answer: WebhookWithSecret, how: 'created' | 'rotated'): void {
    const note =
      how === 'created'
        ? 'Copy the signing secret now: it is not shown again.'
        : 'The new signing secret, shown once; the old one keeps signing for 24 hours.';
    setChildren(
      this.secretNotice,
      h('p', {}, `${note} Endpoint ${answer.webhook.url}:`),
      h('code', { className: 'mono webhook-secret-value' }, answer.secret),
      h(
        'button',
        {
          className: 'button button--small',
          attrs: { type: 'button' },
          on: { click: () => (this.secretNotice.hidden = true) },
        },
        'Done',
      ),
    );
    this.secretNotice.hidden = false;
  }

  /** Loads the endpoint's log, leaving the page's status line as it is (a replay's notice stays). */
  private async showDeliveries(webhook: WebhookView): Promise<void> {
    this.showingDeliveriesOf = webhook;
    try {
      const deliveries = await this.options.api.listWebhookDeliveries(webhook.id);
      if (!this.destroyed && this.showingDeliveriesOf === webhook) this.renderDeliveries(webhook, deliveries);
    } catch (error) {
      if (!this.destroyed) this.showError(`Couldn’t load the deliveries${detail(error)}`);
    }
  }

  private closeDeliveries(): void {
    this.showingDeliveriesOf = null;
    this.deliveries.replaceChildren();
  }

  private renderDeliveries(webhook: WebhookView, deliveries: WebhookDeliveryView[]): void {
    const now = new Date();
    const rows = deliveries.map((delivery) =>
      h(
        'tr',
        { attrs: { 'data-delivery-id': delivery.id, 'data-status': delivery.status } },
        ...deliveryCells(delivery, now).map((cell) =>
          h(
            'td',
            { className: cell.column === 'excerpt' ? 'mono' : '', attrs: { 'data-column': cell.column } },
            cell.text,
          ),
        ),
        h(
          'td',
          {},
          h(
            'button',
            {
              className: 'button button--small',
              attrs: { type: 'button', 'aria-label': `Replay ${delivery.eventType} delivery` },
              on: { click: () => void this.replay(webhook, delivery) },
            },
            'Replay',
          ),
        ),
      ),
    );
    setChildren(
      this.deliveries,
      h('h2', { className: 'section-title' }, `Deliveries to ${webhook.url}`),
      h(
        'div',
        { className: 'row-buttons' },
        h(
          'button',
          {
            className: 'button button--small',
            attrs: { type: 'button' },
            on: { click: () => void this.showDeliveries(webhook) },
          },
          'Refresh deliveries',
        ),
        h(
          'button',
          { className: 'button button--small', attrs: { type: 'button' }, on: { click: () => this.closeDeliveries() } },
          'Close',
        ),
      ),
      deliveries.length === 0
        ? h('p', { className: 'muted' }, 'No deliveries yet.')
        : h(
            'table',
            { className: 'table webhook-delivery-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...[...DELIVERY_HEADINGS, ''].map((heading) => h('th', { attrs: { scope: 'col' } }, heading)),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
    );
  }

  private async replay(webhook: WebhookView, delivery: WebhookDeliveryView): Promise<void> {
    await this.run('Couldn’t replay the delivery', async () => {
      await this.options.api.replayWebhookDelivery(webhook.id, delivery.id);
      this.status.textContent = `Replaying ${delivery.eventType} to ${webhook.url}.`;
      await this.showDeliveries(webhook);
    });
  }

  /** Runs one change, showing what went wrong (each field the server named) instead of throwing. */
  private async run(failure: string, change: () => Promise<void>): Promise<void> {
    this.showError(null);
    this.status.textContent = '';
    try {
      await change();
    } catch (error) {
      if (!this.destroyed) this.showError(`${failure}${detail(error)}`);
    }
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
  }
}

function detail(error: unknown): string {
  if (!(error instanceof ApiError)) return '.';
  const fields = error.body?.errors ?? [];
  if (fields.length === 0) return `: ${error.message}`;
  return `: ${fields.map((field) => `${field.field}: ${field.messages.join('; ')}`).join('. ')}`;
}
