import type { CannedReply } from '@switchboard/contracts';
import type { CannedRepliesCache } from '../canned-replies-cache';
import { normalizeShortCode } from '../canned-reply-match';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';

/** Admin page to list, add and delete the workspace's canned replies. */
export class CannedRepliesView {
  readonly element: HTMLElement;
  private readonly shortCode: HTMLInputElement;
  private readonly content: HTMLTextAreaElement;
  private readonly addButton: HTMLButtonElement;
  private readonly formError: HTMLElement;
  private readonly list: HTMLElement;
  private destroyed = false;

  constructor(
    private readonly api: ConsoleApi,
    private readonly cache: CannedRepliesCache,
  ) {
    this.shortCode = h('input', {
      attrs: {
        id: 'canned-shortcode',
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: 'greeting',
      },
    });
    this.content = h('textarea', { attrs: { id: 'canned-content', rows: 4 } });
    this.addButton = h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Add');
    this.formError = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    const form = h(
      'form',
      { className: 'card canned-form', attrs: { 'aria-labelledby': 'canned-add-title', novalidate: true } },
      h('h2', { className: 'section-title', attrs: { id: 'canned-add-title' } }, 'Add a canned reply'),
      h(
        'div',
        { className: 'field' },
        h('label', { attrs: { for: 'canned-shortcode' } }, 'Shortcode'),
        h('div', { className: 'input-prefix' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '/'), this.shortCode),
      ),
      h('div', { className: 'field' }, h('label', { attrs: { for: 'canned-content' } }, 'Content'), this.content),
      this.formError,
      this.addButton,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.list = h('div', { className: 'canned-list', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'canned-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'canned-title' } }, 'Canned replies'),
      ),
      h(
        'p',
        { className: 'muted' },
        'Agents insert these from the reply box with the picker or by typing / and the shortcode.',
      ),
      form,
      this.list,
    );
    void this.load();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(): Promise<void> {
    try {
      const replies = await this.api.listCannedReplies();
      if (!this.destroyed) this.renderList(replies);
    } catch (error) {
      if (this.destroyed) return;
      setChildren(
        this.list,
        h('p', { className: 'inline-error', attrs: { role: 'alert' } }, `Couldn't load canned replies${detail(error)}`),
      );
    }
  }

  private renderList(replies: CannedReply[]): void {
    if (replies.length === 0) {
      setChildren(this.list, h('p', { className: 'muted' }, 'No canned replies yet.'));
      return;
    }
    const sorted = [...replies].sort((a, b) => a.shortCode.localeCompare(b.shortCode));
    setChildren(
      this.list,
      h(
        'table',
        { className: 'table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { attrs: { scope: 'col' } }, 'Shortcode'),
            h('th', { attrs: { scope: 'col' } }, 'Content'),
            h('th', { attrs: { scope: 'col' } }, h('span', { className: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h(
          'tbody',
          {},
          ...sorted.map((reply) =>
            h(
              'tr',
              { attrs: { 'data-canned-reply-id': reply.id } },
              h('td', { className: 'mono' }, `/${reply.shortCode}`),
              h('td', { className: 'pre-wrap' }, reply.content),
              h(
                'td',
                { className: 'table-actions' },
                h(
                  'button',
                  {
                    className: 'button button--danger button--small',
                    attrs: { type: 'button', 'aria-label': `Delete /${reply.shortCode}` },
                    on: { click: (event) => void this.remove(reply, event.currentTarget as HTMLButtonElement) },
                  },
                  'Delete',
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private async add(): Promise<void> {
    const shortCode = normalizeShortCode(this.shortCode.value);
    const content = this.content.value.trim();
    if (!shortCode || /\s/.test(shortCode)) {
      this.showFormError('Enter a shortcode without spaces.');
      this.shortCode.focus();
      return;
    }
    if (!content) {
      this.showFormError('Enter the reply text.');
      this.content.focus();
      return;
    }
    this.showFormError(null);
    this.addButton.disabled = true;
    try {
      await this.api.createCannedReply(shortCode, content);
      this.cache.invalidate();
      this.shortCode.value = '';
      this.content.value = '';
      await this.load();
      this.shortCode.focus();
    } catch (error) {
      this.showFormError(
        error instanceof ApiError && error.status === 409
          ? `/${shortCode} already exists.`
          : `Couldn't add the canned reply${detail(error)}`,
      );
    } finally {
      this.addButton.disabled = false;
    }
  }

  private async remove(reply: CannedReply, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await this.api.deleteCannedReply(reply.id);
      this.cache.invalidate();
      await this.load();
      this.shortCode.focus();
    } catch (error) {
      button.disabled = false;
      this.showFormError(`Couldn't delete /${reply.shortCode}${detail(error)}`);
    }
  }

  private showFormError(message: string | null): void {
    this.formError.textContent = message ?? '';
    this.formError.hidden = message === null;
  }
}

function detail(error: unknown): string {
  return error instanceof ApiError ? `: ${error.message}` : '.';
}
