import type { TicketLabelsChange, TicketView } from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren, uniqueId } from '../dom';
import { LANGUAGE_OPTIONS, SENTIMENT_OPTIONS, URGENCY_OPTIONS, labelChips, labelSourceText } from '../ticket-labels';

export interface TicketLabelsViewOptions {
  api: ConsoleApi;
  ticket: TicketView;
  onTicketChanged(ticket: TicketView): void;
}

const NONE = '';

/** The ticket header's labels: chips, who set them, and an editor whose save is kept as a correction. */
export class TicketLabelsView {
  readonly element: HTMLElement;
  private ticket: TicketView;
  private editing = false;
  private saving = false;
  private topics: string[] | null = null;
  private error: string | null = null;

  constructor(private readonly options: TicketLabelsViewOptions) {
    this.ticket = options.ticket;
    this.element = h('div', { className: 'ticket-labels', attrs: { 'aria-label': 'Labels' } });
    this.render();
  }

  update(ticket: TicketView): void {
    this.ticket = ticket;
    if (!this.editing) this.render();
  }

  private render(): void {
    if (this.editing) {
      this.renderEditor();
      return;
    }
    setChildren(
      this.element,
      ...labelChips(this.ticket).map((chip) =>
        h('span', { className: `label-chip label-chip--${chip.kind}` }, chip.text),
      ),
      h('span', { className: 'label-source' }, labelSourceText(this.ticket.labels)),
      h(
        'button',
        {
          className: 'button button--small button--ghost',
          attrs: { type: 'button' },
          on: { click: () => void this.openEditor() },
        },
        'Edit labels',
      ),
    );
  }

  private async openEditor(): Promise<void> {
    this.editing = true;
    this.error = null;
    if (this.topics === null) {
      try {
        this.topics = (await this.options.api.ticketLabelChoices()).topics;
      } catch (error) {
        this.error = errorText(error);
        this.topics = [];
      }
    }
    this.render();
  }

  private renderEditor(): void {
    const { labels } = this.ticket;
    const topics = this.topics ?? [];
    const topic = editorSelect(
      'Topic',
      [[NONE, 'Unclassified'], ...topics.map((t): [string, string] => [t, t])],
      labels.topic,
    );
    const urgency = editorSelect('Urgency', [[NONE, 'Unknown'], ...URGENCY_OPTIONS], labels.urgency);
    const sentiment = editorSelect('Sentiment', [[NONE, 'Unknown'], ...SENTIMENT_OPTIONS], labels.sentiment);
    const languages = LANGUAGE_OPTIONS.some(([code]) => code === labels.language)
      ? LANGUAGE_OPTIONS
      : [
          ...LANGUAGE_OPTIONS,
          ...(labels.language ? [[labels.language, labels.language.toUpperCase()] as [string, string]] : []),
        ];
    const language = editorSelect('Language', [[NONE, 'Unknown'], ...languages], labels.language);
    const save = (event: Event) => {
      event.preventDefault();
      void this.save({
        topic: topic.select.value || null,
        urgency: URGENCY_OPTIONS.find(([value]) => value === urgency.select.value)?.[0] ?? null,
        sentiment: SENTIMENT_OPTIONS.find(([value]) => value === sentiment.select.value)?.[0] ?? null,
        language: language.select.value || null,
      });
    };
    setChildren(
      this.element,
      h(
        'form',
        { className: 'label-editor', on: { submit: save } },
        topic.field,
        urgency.field,
        sentiment.field,
        language.field,
        h(
          'button',
          { className: 'button button--small', attrs: { type: 'submit', disabled: this.saving } },
          this.saving ? 'Saving…' : 'Save labels',
        ),
        h(
          'button',
          {
            className: 'button button--small button--ghost',
            attrs: { type: 'button' },
            on: {
              click: () => {
                this.editing = false;
                this.render();
              },
            },
          },
          'Cancel',
        ),
        this.error ? h('p', { className: 'inline-error', attrs: { role: 'alert' } }, this.error) : null,
      ),
    );
  }

  private async save(change: TicketLabelsChange): Promise<void> {
    this.saving = true;
    this.error = null;
    this.renderEditor();
    try {
      const ticket = await this.options.api.correctTicketLabels(this.ticket.id, change);
      this.editing = false;
      this.ticket = ticket;
      this.options.onTicketChanged(ticket);
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.saving = false;
      this.render();
    }
  }
}

function editorSelect(
  label: string,
  options: Array<[string, string]>,
  selected: string | null,
): { field: HTMLElement; select: HTMLSelectElement } {
  const id = uniqueId('label-editor');
  const select = h(
    'select',
    { attrs: { id } },
    ...options.map(([value, text]) => h('option', { attrs: { value, selected: value === (selected ?? NONE) } }, text)),
  );
  return { field: h('div', { className: 'filter' }, h('label', { attrs: { for: id } }, label), select), select };
}

function errorText(error: unknown): string {
  return error instanceof ApiError ? `Couldn't save the labels: ${error.message}` : "Couldn't save the labels.";
}
