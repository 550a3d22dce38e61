import type { AssistCapabilities, ReplySuggestionView, RewriteStyle, RewriteView } from '@switchboard/contracts';
import {
  assistErrorText,
  citationLabel,
  filteredNote,
  rewriteStyleLabel,
  suggestionMeta,
  type AssistKind,
} from '../assist';
import type { ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import { externalLinkOrText } from './external-link';

/** The part of the reply box the assists read and fill. */
export interface AssistTarget {
  readonly text: string;
  replaceText(text: string): void;
}

export interface AssistPanelOptions {
  api: ConsoleApi;
  conversationId: string;
  composer: AssistTarget;
}

/**
 * Agent assist beside the reply box: a suggested reply put into the box (never sent from here), rewrites of the
 * draft to accept or discard, and a summary of the conversation on demand (`summary`, placed by the view).
 */
export class AssistPanel {
  readonly element: HTMLElement;
  /** The conversation's summary card, hidden until asked for. */
  readonly summary: HTMLElement;
  private readonly suggestButton: HTMLButtonElement;
  private readonly summaryButton: HTMLButtonElement;
  private readonly rewriteGroup: HTMLElement;
  private readonly offline: HTMLElement;
  private readonly error: HTMLElement;
  private readonly suggestion: HTMLElement;
  private readonly rewrite: HTMLElement;
  private rewriteButtons: HTMLButtonElement[] = [];
  private rewriteUnavailable: string | null = null;
  private busy = false;
  private destroyed = false;

  constructor(private readonly options: AssistPanelOptions) {
    this.suggestButton = h(
      'button',
      {
        className: 'button button--secondary',
        attrs: { type: 'button', 'data-assist': 'suggest' },
        on: { click: () => void this.suggest() },
      },
      'Suggest reply',
    );
    this.summaryButton = h(
      'button',
      {
        className: 'button button--secondary',
        attrs: { type: 'button', 'data-assist': 'summary' },
        on: { click: () => void this.summarize() },
      },
      'Summarise',
    );
    this.rewriteGroup = h('span', {
      className: 'assist-rewrite-styles',
      attrs: { role: 'group', 'aria-label': 'Rewrite', 'aria-busy': 'true' },
    });
    this.offline = h('p', { className: 'assist-offline muted', attrs: { hidden: true } });
    this.error = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.suggestion = h('div', {
      className: 'assist-result assist-suggestion',
      attrs: { role: 'region', 'aria-label': 'Suggested reply', hidden: true },
    });
    this.rewrite = h('div', {
      className: 'assist-result assist-rewrite',
      attrs: { role: 'region', 'aria-label': 'Rewrite result', hidden: true },
    });
    this.summary = h('section', {
      className: 'detail-card assist-summary',
      attrs: { 'aria-label': 'Summary', hidden: true },
    });
    this.element = h(
      'section',
      { className: 'assist', attrs: { 'aria-label': 'Assist' } },
      h(
        'div',
        { className: 'assist-bar' },
        this.suggestButton,
        this.summaryButton,
        h('span', { className: 'assist-label', attrs: { 'aria-hidden': 'true' } }, 'Rewrite:'),
        this.rewriteGroup,
      ),
      this.offline,
      this.error,
      this.suggestion,
      this.rewrite,
    );
  }

  /** Asks which assists work here, and lays out the rewrite styles accordingly. */
  async load(): Promise<void> {
    let capabilities: AssistCapabilities;
    try {
      capabilities = await this.options.api.assistCapabilities();
    } catch (error) {
      if (this.destroyed) return;
      capabilities = { rewrite: { available: false, reason: assistErrorText('rewrite', error) }, styles: [] };
    }
    if (this.destroyed) return;
    this.renderStyles(capabilities);
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** After a send: the suggestion and rewrite shown were about the text that just left. */
  clearResults(): void {
    this.hideSuggestion();
    this.hideRewrite();
    this.showError(null);
  }

  private renderStyles(capabilities: AssistCapabilities): void {
    this.rewriteUnavailable = capabilities.rewrite.available ? null : (capabilities.rewrite.reason ?? 'Unavailable.');
    this.rewriteButtons = capabilities.styles.map((style) =>
      h(
        'button',
        {
          className: 'button button--secondary button--small',
          attrs: { type: 'button', 'data-style': style, title: this.rewriteUnavailable },
          on: { click: () => void this.runRewrite(style) },
        },
        rewriteStyleLabel(style),
      ),
    );
    setChildren(this.rewriteGroup, ...this.rewriteButtons);
    this.rewriteGroup.removeAttribute('aria-busy');
    this.offline.textContent = this.rewriteUnavailable ?? '';
    this.offline.hidden = this.rewriteUnavailable === null;
    this.setBusy(false);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.element.setAttribute('aria-busy', String(busy));
    this.suggestButton.disabled = busy;
    this.summaryButton.disabled = busy;
    for (const button of this.rewriteButtons) button.disabled = busy || this.rewriteUnavailable !== null;
  }

  private async run<T>(kind: AssistKind, call: () => Promise<T>, show: (result: T) => void): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    this.showError(null);
    try {
      const result = await call();
      if (!this.destroyed) show(result);
    } catch (error) {
      if (!this.destroyed) this.showError(assistErrorText(kind, error));
    } finally {
      if (!this.destroyed) this.setBusy(false);
    }
  }

  private suggest(): Promise<void> {
    return this.run(
      'suggest',
      () => this.options.api.suggestReply(this.options.conversationId),
      (suggestion) => {
        this.hideRewrite();
        // What the agent already typed is never overwritten without asking.
        const filled = this.options.composer.text.trim() === '';
        if (filled) this.options.composer.replaceText(suggestion.text);
        this.renderSuggestion(suggestion, filled);
      },
    );
  }

  private runRewrite(style: RewriteStyle): Promise<void> {
    const text = this.options.composer.text;
    if (!text.trim()) {
      this.showError('Write a draft first, then rewrite it.');
      return Promise.resolve();
    }
    return this.run(
      'rewrite',
      () => this.options.api.rewrite(this.options.conversationId, { text, style }),
      (rewrite) => this.renderRewrite(style, rewrite),
    );
  }

  private summarize(): Promise<void> {
    return this.run(
      'summary',
      () => this.options.api.summarize(this.options.conversationId),
      (summary) => {
        setChildren(
          this.summary,
          h('h3', { className: 'detail-title' }, 'Summary'),
          summary.trim()
            ? h('p', { className: 'assist-summary-text' }, summary)
            : h('p', { className: 'muted' }, 'Nothing to summarise yet.'),
        );
        this.summary.hidden = false;
      },
    );
  }

  private renderSuggestion(suggestion: ReplySuggestionView, filled: boolean): void {
    setChildren(
      this.suggestion,
      h(
        'p',
        { className: 'assist-result-head' },
        h('strong', {}, filled ? 'Suggested reply in the box' : 'Suggested reply'),
        ' · ',
        h('span', { className: 'assist-confidence' }, suggestionMeta(suggestion)),
        filled ? ' · edit it, then Send.' : ' · your text is kept until you use it.',
      ),
      filled ? null : h('p', { className: 'assist-rewrite-text assist-suggestion-text' }, suggestion.text),
      suggestion.citations.length > 0
        ? h(
            'ul',
            { className: 'source-list assist-citations', attrs: { 'aria-label': 'Citations' } },
            ...suggestion.citations.map((citation) =>
              h('li', {}, externalLinkOrText(citation.url, citationLabel(citation))),
            ),
          )
        : h('p', { className: 'muted' }, 'No sources cited.'),
      h(
        'div',
        { className: 'assist-rewrite-actions' },
        filled
          ? null
          : h(
              'button',
              {
                className: 'button button--primary button--small',
                attrs: { type: 'button' },
                on: {
                  click: () => {
                    this.options.composer.replaceText(suggestion.text);
                    this.renderSuggestion(suggestion, true);
                  },
                },
              },
              'Replace my text',
            ),
        h(
          'button',
          {
            className: 'button button--secondary button--small',
            attrs: { type: 'button' },
            on: { click: () => this.hideSuggestion() },
          },
          filled ? 'Hide' : 'Discard',
        ),
      ),
    );
    this.suggestion.hidden = false;
  }

  private renderRewrite(style: RewriteStyle, rewrite: RewriteView): void {
    const note = filteredNote(rewrite.filtered);
    setChildren(
      this.rewrite,
      h(
        'p',
        { className: 'assist-result-head' },
        h('strong', {}, `Rewrite: ${rewriteStyleLabel(style)}`),
        rewrite.language ? ` (${rewrite.language})` : null,
      ),
      h('p', { className: 'assist-rewrite-text' }, rewrite.text),
      note ? h('p', { className: 'assist-filtered muted' }, note) : null,
      h(
        'div',
        { className: 'assist-rewrite-actions' },
        h(
          'button',
          {
            className: 'button button--primary button--small',
            attrs: { type: 'button' },
            on: {
              click: () => {
                this.options.composer.replaceText(rewrite.text);
                this.hideRewrite();
              },
            },
          },
          'Accept',
        ),
        h(
          'button',
          {
            className: 'button button--secondary button--small',
            attrs: { type: 'button' },
            on: { click: () => this.hideRewrite() },
          },
          'Discard',
        ),
      ),
    );
    this.rewrite.hidden = false;
  }

  private hideSuggestion(): void {
    this.suggestion.hidden = true;
    this.suggestion.replaceChildren();
  }

  private hideRewrite(): void {
    this.rewrite.hidden = true;
    this.rewrite.replaceChildren();
  }

  private showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.hidden = message === null;
  }
}
