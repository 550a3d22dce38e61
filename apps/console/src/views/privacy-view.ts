import type { ContactErasureView } from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import { erasureSummary, isContactId, parseRetention } from '../privacy';

/** Admin page: the workspace's retention period, a contact's export and erasure, and the erasures made. */
export class PrivacyView {
  readonly element: HTMLElement;
  private readonly retention: HTMLInputElement;
  private readonly retentionNotice: HTMLElement;
  private readonly contact: HTMLInputElement;
  private readonly contactNotice: HTMLElement;
  private readonly confirmErase: HTMLButtonElement;
  private readonly erasures: HTMLElement;
  private destroyed = false;

  constructor(
    private readonly api: ConsoleApi,
    contactId: string | null,
  ) {
    this.retention = h('input', {
      attrs: { id: 'retention-days', type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'forever' },
    });
    this.retentionNotice = h('p', { className: 'form-notice', attrs: { role: 'status' } });
    this.contact = h('input', {
      attrs: { id: 'privacy-contact', type: 'text', autocomplete: 'off', spellcheck: 'false', value: contactId ?? '' },
    });
    this.contactNotice = h('p', { className: 'form-notice', attrs: { role: 'status' } });
    this.confirmErase = h(
      'button',
      {
        className: 'button button--danger',
        attrs: { type: 'button', hidden: true },
        on: { click: () => void this.erase() },
      },
      'Erase for good',
    );
    this.erasures = h('div', { className: 'privacy-erasures', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'privacy-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'privacy-title' } }, 'Privacy'),
      ),
      this.retentionForm(),
      this.contactForm(),
      h('h2', { className: 'section-title' }, 'Erasures'),
      h('p', { className: 'muted' }, 'What each erasure removed. The record keeps nothing of the person.'),
      this.erasures,
    );
    void this.load();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private retentionForm(): HTMLElement {
    const form = h(
      'form',
      { className: 'card', attrs: { 'aria-labelledby': 'retention-title', novalidate: true } },
      h('h2', { className: 'section-title', attrs: { id: 'retention-title' } }, 'Retention'),
      h(
        'p',
        { className: 'muted' },
        'Conversations idle for longer than this are deleted, with their messages, tickets, traces and LLM call logs, by a scheduled job. Leave it empty to keep everything.',
      ),
      h('div', { className: 'field' }, h('label', { attrs: { for: 'retention-days' } }, 'Days'), this.retention),
      this.retentionNotice,
      h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Save'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveRetention();
    });
    return form;
  }

  private contactForm(): HTMLElement {
    return h(
      'div',
      { className: 'card', attrs: { role: 'group', 'aria-labelledby': 'contact-privacy-title' } },
      h('h2', { className: 'section-title', attrs: { id: 'contact-privacy-title' } }, "A contact's data"),
      h(
        'p',
        { className: 'muted' },
        "The contact's id is on their conversation. Export gives everything held about them as JSON; erasure deletes it all and cannot be undone.",
      ),
      h('div', { className: 'field' }, h('label', { attrs: { for: 'privacy-contact' } }, 'Contact id'), this.contact),
      h(
        'div',
        { className: 'row-buttons' },
        h(
          'button',
          { className: 'button', attrs: { type: 'button' }, on: { click: () => void this.download() } },
          'Download export',
        ),
        h(
          'button',
          { className: 'button', attrs: { type: 'button' }, on: { click: () => this.askToErase() } },
          'Erase…',
        ),
        this.confirmErase,
      ),
      this.contactNotice,
    );
  }

  private async load(): Promise<void> {
    try {
      const view = await this.api.privacy();
      if (this.destroyed) return;
      this.retention.value = view.retentionDays === null ? '' : String(view.retentionDays);
      this.renderErasures(view.erasures);
    } catch (error) {
      this.retentionNotice.textContent = messageOf(error);
    }
  }

  private async saveRetention(): Promise<void> {
    const input = parseRetention(this.retention.value);
    if ('error' in input) {
      this.retentionNotice.textContent = input.error;
      return;
    }
    try {
      const view = await this.api.setRetention(input.retentionDays);
      this.retentionNotice.textContent =
        view.retentionDays === null ? 'Saved: conversations are kept.' : `Saved: ${view.retentionDays} days.`;
    } catch (error) {
      this.retentionNotice.textContent = messageOf(error);
    }
  }

  private contactId(): string | null {
    const id = this.contact.value.trim();
    if (isContactId(id)) return id;
    this.contactNotice.textContent = 'Enter the contact id (a UUID, as their conversation shows it).';
    return null;
  }

  private async download(): Promise<void> {
    const id = this.contactId();
    if (!id) return;
    try {
      await this.api.downloadContactExport(id);
      this.contactNotice.textContent = 'Export downloaded.';
    } catch (error) {
      this.contactNotice.textContent = messageOf(error);
    }
  }

  private askToErase(): void {
    if (!this.contactId()) return;
    this.confirmErase.hidden = false;
    this.contactNotice.textContent = 'Erasing deletes everything held about this contact. Confirm to go on.';
  }

  private async erase(): Promise<void> {
    const id = this.contactId();
    this.confirmErase.hidden = true;
    if (!id) return;
    try {
      const erasure = await this.api.eraseContact(id);
      this.contact.value = '';
      this.contactNotice.textContent = `Erased: ${erasureSummary(erasure.counts)}.`;
      await this.load();
    } catch (error) {
      this.contactNotice.textContent = messageOf(error);
    }
  }

  private renderErasures(erasures: ContactErasureView[]): void {
    if (erasures.length === 0) {
      setChildren(this.erasures, h('p', { className: 'muted' }, 'No contact has been erased.'));
      return;
    }
    setChildren(
      this.erasures,
      h(
        'ul',
        { className: 'privacy-erasure-list' },
        ...erasures.map((erasure) =>
          h(
            'li',
            {},
            h('time', { attrs: { datetime: erasure.createdAt } }, new Date(erasure.createdAt).toLocaleString()),
            ' — ',
            erasureSummary(erasure.counts),
          ),
        ),
      ),
    );
  }
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.status === 404)
    return 'No such contact in this workspace (or already erased).';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
