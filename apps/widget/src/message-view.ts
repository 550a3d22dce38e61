import { h, setAttribute, setText } from './dom-element';
import { icon } from './icons';
import { ChatEntry } from './message-store';
import { safeHttpUrl } from './safe-url';
import { StreamDraft } from './stream-drafts';
import { formatString, WidgetStrings } from './strings';
import type { Citation, MessageFile, Rating } from '@switchboard/contracts';

export type ContactFormState =
  { status: 'idle' } | { status: 'sending' } | { status: 'sent'; email: string } | { status: 'error'; message: string };

/** The customer's rating of the conversation, under the bot's rating request. */
export type CsatFormState =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'rated'; score: number; comment?: string | null }
  | { status: 'error'; message: string };

export interface MessageUiState {
  rating: Rating | null;
  ratingBusy: boolean;
  contact: ContactFormState;
  /** The message asks for a confirmation the customer can still give (it is the newest in the conversation). */
  confirmable: boolean;
  csat: CsatFormState;
}

export type ConfirmationAnswer = 'yes' | 'no';

export interface MessageActions {
  rate(messageId: string, rating: Rating): void;
  submitContact(messageId: string, email: string): void;
  answerConfirmation(messageId: string, answer: ConfirmationAnswer): void;
  submitCsat(messageId: string, score: number, comment: string): void;
}

export interface RowContext {
  strings: WidgetStrings;
  locale: string;
  ui: MessageUiState;
  /** Same author as the row before: the author label is not repeated. */
  continued: boolean;
}

/** One message in the log; updated in place so focus and form input survive re-renders. */
export class MessageRow {
  readonly element: HTMLDivElement;
  private readonly meta = h('div', { class: 'sb-meta' });
  private readonly bubble = h('div', { class: 'sb-bubble' });
  private readonly delivery = h('div', { class: 'sb-delivery' });
  private citations: HTMLElement | null = null;
  private feedback: FeedbackControls | null = null;
  private contactForm: ContactForm | null = null;
  private confirmation: ConfirmationButtons | null = null;
  private csatForm: CsatForm | null = null;
  private renderedVersion = -1;

  constructor(
    entry: ChatEntry,
    private readonly actions: MessageActions,
  ) {
    this.element = h('div', { class: 'sb-row' }, [this.meta, this.bubble, this.delivery]);
    this.element.dataset.key = entry.key;
  }

  update(entry: ChatEntry, context: RowContext): void {
    const { strings } = context;
    const row = this.element;
    setAttribute(row, 'data-author', entry.author);
    setAttribute(row, 'data-kind', entry.kind);
    setAttribute(row, 'data-message-id', entry.id);
    setAttribute(row, 'data-client-message-id', entry.clientMessageId);
    setAttribute(row, 'data-status', entry.author === 'contact' ? entry.delivery : null);
    setAttribute(row, 'data-continued', context.continued ? 'true' : null);

    const author = authorLabel(entry, strings);
    setText(this.meta, author ?? '');
    this.meta.hidden = author === null || context.continued;

    if (this.renderedVersion !== entry.version) {
      this.renderedVersion = entry.version;
      setText(this.bubble, entry.content);
      if (entry.attachments.length > 0) this.renderFiles(entry.attachments);
      setAttribute(this.bubble, 'title', formatTime(entry.createdAt, context.locale));
      this.renderCitations(entry.citations, strings);
    }

    const deliveryText = deliveryLabel(entry, strings);
    setText(this.delivery, deliveryText ?? '');
    this.delivery.hidden = deliveryText === null;
    setAttribute(this.delivery, 'role', entry.delivery === 'failed' ? 'alert' : null);

    this.renderConfirmation(entry, context);
    this.renderFeedback(entry, context);
    this.renderContactForm(entry, context);
    this.renderCsatForm(entry, context);
  }

  private renderCsatForm(entry: ChatEntry, context: RowContext): void {
    if (!entry.ratingRequest || entry.author !== 'bot' || entry.id === null) {
      this.csatForm?.element.remove();
      this.csatForm = null;
      return;
    }
    if (!this.csatForm) {
      this.csatForm = new CsatForm(entry.id, context.strings, this.actions);
      this.delivery.before(this.csatForm.element);
    }
    this.csatForm.update(context.ui.csat, context.strings);
  }

  private renderConfirmation(entry: ChatEntry, context: RowContext): void {
    if (!context.ui.confirmable || entry.id === null) {
      this.confirmation?.element.remove();
      this.confirmation = null;
      return;
    }
    if (!this.confirmation) {
      this.confirmation = new ConfirmationButtons(entry.id, context.strings, this.actions);
      this.delivery.before(this.confirmation.element);
    }
    this.confirmation.update(context.strings);
  }

  /** A file message: the bubble names each file with a paperclip; the customer's own bytes are not fetched back. */
  private renderFiles(files: MessageFile[]): void {
    this.bubble.replaceChildren(
      ...files.map((file) =>
        h('span', { class: 'sb-file' }, [icon('paperclip', 14), `${file.name} (${formatFileSize(file.size)})`]),
      ),
    );
  }

  private renderCitations(citations: Citation[], strings: WidgetStrings): void {
    this.citations?.remove();
    this.citations = null;
    if (citations.length === 0) return;
    const list = h('ol');
    for (const citation of [...citations].sort((a, b) => a.index - b.index)) {
      const label = `[${citation.index}] ${citation.title.trim() || citation.url || ''}`.trim();
      const href = safeHttpUrl(citation.url);
      const content = href
        ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', title: citation.title }, [label])
        : h('span', {}, [label]);
      list.appendChild(h('li', {}, [content]));
    }
    const titleId = `sb-src-${this.element.dataset.key ?? ''}`.replace(/[^\w-]/g, '-');
    this.citations = h('div', { class: 'sb-citations', role: 'group', 'aria-labelledby': titleId }, [
      h('p', { class: 'sb-citations-title', id: titleId }, [strings.sources]),
      list,
    ]);
    this.bubble.after(this.citations);
  }

  private renderFeedback(entry: ChatEntry, context: RowContext): void {
    const wanted = entry.author === 'bot' && entry.kind === 'answer' && entry.id !== null;
    if (!wanted || entry.id === null) {
      this.feedback?.element.remove();
      this.feedback = null;
      return;
    }
    if (!this.feedback) {
      this.feedback = new FeedbackControls(entry.id, context.strings, this.actions);
      this.delivery.before(this.feedback.element);
    }
    this.feedback.update(context.ui, context.strings);
  }

  private renderContactForm(entry: ChatEntry, context: RowContext): void {
    const wanted = entry.kind === 'offline' && entry.collectEmail && entry.id !== null;
    if (!wanted || entry.id === null) {
      this.contactForm?.element.remove();
      this.contactForm = null;
      return;
    }
    if (!this.contactForm) {
      this.contactForm = new ContactForm(entry.id, context.strings, this.actions);
      this.delivery.before(this.contactForm.element);
    }
    this.contactForm.update(context.ui.contact, context.strings);
  }
}

/** "Yes" / "No" under the bot's request to confirm an action: a click answers as if the customer had typed it. */
class ConfirmationButtons {
  readonly element: HTMLDivElement;
  private readonly yes: HTMLButtonElement;
  private readonly no: HTMLButtonElement;

  constructor(messageId: string, strings: WidgetStrings, actions: MessageActions) {
    this.yes = h('button', { type: 'button', class: 'sb-confirm-yes', 'data-answer': 'yes' }, [strings.confirmYes]);
    this.no = h('button', { type: 'button', class: 'sb-confirm-no', 'data-answer': 'no' }, [strings.confirmNo]);
    this.yes.addEventListener('click', () => actions.answerConfirmation(messageId, 'yes'));
    this.no.addEventListener('click', () => actions.answerConfirmation(messageId, 'no'));
    this.element = h('div', { class: 'sb-confirm', role: 'group', 'aria-label': strings.confirmQuestion }, [
      this.yes,
      this.no,
    ]);
  }

  update(strings: WidgetStrings): void {
    setAttribute(this.element, 'aria-label', strings.confirmQuestion);
    setText(this.yes, strings.confirmYes);
    setText(this.no, strings.confirmNo);
  }
}

class FeedbackControls {
  readonly element: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly up: HTMLButtonElement;
  private readonly down: HTMLButtonElement;

  constructor(messageId: string, strings: WidgetStrings, actions: MessageActions) {
    this.label = h('span', { class: 'sb-feedback-label' }, [strings.feedbackQuestion]);
    this.up = h('button', { type: 'button', 'aria-label': strings.helpful, 'aria-pressed': 'false' }, [
      icon('thumbUp', 16),
    ]);
    this.down = h('button', { type: 'button', 'aria-label': strings.notHelpful, 'aria-pressed': 'false' }, [
      icon('thumbDown', 16),
    ]);
    this.up.addEventListener('click', () => actions.rate(messageId, 'up'));
    this.down.addEventListener('click', () => actions.rate(messageId, 'down'));
    this.element = h('div', { class: 'sb-feedback', role: 'group', 'aria-label': strings.feedbackQuestion }, [
      this.label,
      this.up,
      this.down,
    ]);
  }

  update(ui: MessageUiState, strings: WidgetStrings): void {
    const rated = ui.rating !== null;
    setText(this.label, rated ? strings.feedbackThanks : strings.feedbackQuestion);
    for (const [button, rating, name] of [
      [this.up, 'up', strings.helpful],
      [this.down, 'down', strings.notHelpful],
    ] as const) {
      setAttribute(button, 'aria-pressed', ui.rating === rating ? 'true' : 'false');
      setAttribute(button, 'aria-label', name);
      setAttribute(button, 'title', name);
      button.disabled = rated || ui.ratingBusy;
    }
  }
}

/** Five stars and an optional comment under the bot's rating request; sending again changes the rating. */
class CsatForm {
  readonly element: HTMLDivElement;
  private readonly legend: HTMLParagraphElement;
  private readonly stars: HTMLButtonElement[];
  private readonly commentLabel: HTMLLabelElement;
  private readonly comment: HTMLTextAreaElement;
  private readonly submit: HTMLButtonElement;
  private readonly status: HTMLParagraphElement;
  private score: number | null = null;

  constructor(messageId: string, strings: WidgetStrings, actions: MessageActions) {
    const id = `sb-csat-${messageId}`.replace(/[^\w-]/g, '-');
    this.legend = h('p', { class: 'sb-csat-question', id: `${id}-q` }, [strings.csatQuestion]);
    this.stars = [1, 2, 3, 4, 5].map((score) => {
      const star = h('button', { type: 'button', class: 'sb-csat-star', 'data-score': String(score) }, ['★']);
      star.addEventListener('click', () => this.choose(score));
      return star;
    });
    this.commentLabel = h('label', { for: `${id}-c` }, [strings.csatCommentLabel]);
    this.comment = h('textarea', { id: `${id}-c`, rows: '2', maxlength: '2000' });
    this.submit = h('button', { type: 'submit', class: 'sb-csat-submit', disabled: true }, [strings.csatSubmit]);
    this.status = h('p', { class: 'sb-csat-status', role: 'status', hidden: true });
    const form = h('form', { novalidate: true }, [
      this.legend,
      h('div', { class: 'sb-csat-stars', role: 'group', 'aria-labelledby': `${id}-q` }, this.stars),
      this.commentLabel,
      this.comment,
      this.submit,
      this.status,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.score !== null) actions.submitCsat(messageId, this.score, this.comment.value);
    });
    this.element = h('div', { class: 'sb-csat' }, [form]);
  }

  update(state: CsatFormState, strings: WidgetStrings): void {
    setText(this.legend, strings.csatQuestion);
    setText(this.commentLabel, strings.csatCommentLabel);
    setText(this.submit, strings.csatSubmit);
    if (state.status === 'rated' && this.score === null) this.showGiven(state.score, state.comment ?? null);
    this.stars.forEach((star, index) => {
      const label = formatString(strings.csatStar, { score: index + 1 });
      setAttribute(star, 'aria-label', label);
      setAttribute(star, 'title', label);
      setAttribute(star, 'aria-pressed', this.score !== null && index < this.score ? 'true' : 'false');
      star.disabled = state.status === 'sending';
    });
    this.comment.disabled = state.status === 'sending';
    this.submit.disabled = state.status === 'sending' || this.score === null;
    const text =
      state.status === 'rated'
        ? formatString(strings.csatThanks, { score: state.score })
        : state.status === 'error'
          ? state.message
          : '';
    this.status.hidden = text === '';
    setText(this.status, text);
    setAttribute(this.status, 'role', state.status === 'error' ? 'alert' : 'status');
  }

  /** A rating given earlier (before a reload): its stars and comment, to change. */
  private showGiven(score: number, comment: string | null): void {
    this.score = score;
    if (comment && this.comment.value === '') this.comment.value = comment;
  }

  private choose(score: number): void {
    this.score = score;
    this.stars.forEach((star, index) => setAttribute(star, 'aria-pressed', index < score ? 'true' : 'false'));
    this.submit.disabled = false;
  }
}

class ContactForm {
  readonly element: HTMLDivElement;
  private readonly form: HTMLFormElement;
  private readonly label: HTMLLabelElement;
  private readonly input: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly error: HTMLParagraphElement;
  private readonly done: HTMLParagraphElement;

  constructor(messageId: string, strings: WidgetStrings, actions: MessageActions) {
    const inputId = `sb-email-${messageId}`.replace(/[^\w-]/g, '-');
    this.label = h('label', { for: inputId }, [strings.emailLabel]);
    this.input = h('input', {
      id: inputId,
      type: 'email',
      name: 'email',
      autocomplete: 'email',
      inputmode: 'email',
      required: true,
      maxlength: '254',
      placeholder: strings.emailPlaceholder,
    });
    this.submit = h('button', { type: 'submit' }, [strings.emailSubmit]);
    this.error = h('p', { class: 'sb-contact-error', role: 'alert', hidden: true });
    this.form = h('form', { novalidate: true }, [
      this.label,
      h('div', { class: 'sb-contact-fields' }, [this.input, this.submit]),
      this.error,
    ]);
    this.done = h('p', { class: 'sb-contact-done', role: 'status', hidden: true });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      actions.submitContact(messageId, this.input.value);
    });
    this.element = h('div', { class: 'sb-contact' }, [this.form, this.done]);
  }

  update(state: ContactFormState, strings: WidgetStrings): void {
    setText(this.label, strings.emailLabel);
    setText(this.submit, strings.emailSubmit);
    this.input.placeholder = strings.emailPlaceholder;
    const sending = state.status === 'sending';
    this.input.disabled = sending;
    this.submit.disabled = sending;
    this.form.hidden = state.status === 'sent';
    this.done.hidden = state.status !== 'sent';
    if (state.status === 'sent') setText(this.done, formatString(strings.emailSent, { email: state.email }));
    this.error.hidden = state.status !== 'error';
    setText(this.error, state.status === 'error' ? state.message : '');
    setAttribute(this.input, 'aria-invalid', state.status === 'error' ? 'true' : null);
  }
}

/** The bot's answer while it streams in; replaced by the final message. */
export class DraftRow {
  readonly element: HTMLDivElement;
  private readonly bubble = h('div', { class: 'sb-bubble' });
  private renderedVersion = -1;

  constructor(draft: StreamDraft, strings: WidgetStrings) {
    this.element = h(
      'div',
      {
        class: 'sb-row',
        'data-author': 'bot',
        'data-kind': 'answer',
        'data-streaming': 'true',
        'data-reply-to': draft.replyTo,
        'aria-busy': 'true',
      },
      [h('div', { class: 'sb-meta' }, [strings.assistantLabel]), this.bubble],
    );
  }

  update(draft: StreamDraft, continued: boolean): void {
    const meta = this.element.firstElementChild;
    if (meta instanceof HTMLElement) meta.hidden = continued;
    if (this.renderedVersion === draft.version) return;
    this.renderedVersion = draft.version;
    setText(this.bubble, draft.text);
  }
}

function authorLabel(entry: ChatEntry, strings: WidgetStrings): string | null {
  switch (entry.author) {
    case 'agent':
      return entry.agentName?.trim() || strings.agentLabel;
    case 'bot':
      return strings.assistantLabel;
    case 'contact':
    case 'system':
      return null;
  }
}

function deliveryLabel(entry: ChatEntry, strings: WidgetStrings): string | null {
  if (entry.author !== 'contact') return null;
  switch (entry.delivery) {
    case 'pending':
      return strings.sending;
    case 'retrying':
      return strings.retrying;
    case 'failed':
      return entry.error ? `${strings.notSent}: ${entry.error}` : strings.notSent;
    case 'sent':
      return null;
  }
}

function formatTime(createdAt: string, locale: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime()) || date.getTime() === 0) return '';
  try {
    return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return date.toLocaleString();
  }
}

function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
