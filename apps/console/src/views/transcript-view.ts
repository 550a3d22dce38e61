import type {
  ActionCallView,
  ActionConfirmation,
  ConsoleMessage,
  ConversationView,
  CsatRatingView,
} from '@switchboard/contracts';
import { ratingLabel, starsText } from '../csat';
import { actionCallText, confirmationText } from '../action-calls';
import { h } from '../dom';
import { activityText, attachmentsOf, authorLabel, formatBytes, formatClock, formatConfidence } from '../format';
import { insertMessage } from '../transcript';
import { externalLinkOrText } from './external-link';

/** A customer's widget uploads, fetched with the session (so never plain links). */
export interface CustomerFiles {
  download(attachmentId: string, name: string): void;
  /** An object URL of the image's bytes, for an <img>. */
  previewUrl(attachmentId: string): Promise<string>;
}

/** How close to the bottom (px) still counts as "reading the latest", so new messages scroll into view. */
const STICKY_BOTTOM_PX = 80;

/** The whole conversation, oldest first; new messages are inserted in place without redrawing the rest. */
export class TranscriptView {
  readonly element: HTMLElement;
  private messages: ConsoleMessage[] = [];
  /** The customer's rating, shown under the bot's rating request; undefined until it has been read. */
  private rating: CsatRatingView | null | undefined = undefined;

  constructor(
    private readonly contact: ConversationView['contact'],
    /** Downloads a stored e-mail attachment (the request needs the session, so it is not a plain link). */
    private readonly openAttachment: (messageId: string, index: number, name: string) => void = () => undefined,
    private readonly customerFiles: CustomerFiles | null = null,
  ) {
    this.element = h('div', {
      className: 'transcript',
      attrs: { role: 'log', 'aria-label': 'Transcript', tabindex: 0 },
    });
  }

  /** Adds every message not yet shown (initial load, or a refetch after reconnecting). */
  addMessages(messages: readonly ConsoleMessage[]): void {
    const stick = this.isAtBottom() || this.messages.length === 0;
    for (const message of messages) this.insert(message);
    if (stick) this.scrollToBottom();
  }

  addMessage(message: ConsoleMessage, { reveal = false }: { reveal?: boolean } = {}): void {
    const stick = reveal || this.isAtBottom();
    if (this.insert(message) && stick) this.scrollToBottom();
  }

  /** The customer's rating of the conversation (or none yet), under each rating request of the bot. */
  showRating(rating: CsatRatingView | null): void {
    this.rating = rating;
    for (const row of this.element.querySelectorAll<HTMLElement>('[data-rating-request="true"]')) {
      row.querySelector('.csat-rating')?.remove();
      row.append(renderRating(rating));
    }
  }

  scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private insert(message: ConsoleMessage): boolean {
    const { messages, index } = insertMessage(this.messages, message);
    if (index === -1) return false;
    this.messages = messages;
    this.element.insertBefore(this.renderMessage(message), this.element.children.item(index));
    return true;
  }

  private isAtBottom(): boolean {
    const { scrollTop, scrollHeight, clientHeight } = this.element;
    return scrollHeight - scrollTop - clientHeight <= STICKY_BOTTOM_PX;
  }

  private renderMessage(message: ConsoleMessage): HTMLElement {
    const attrs = {
      'data-author': message.author,
      'data-private': String(message.private),
      'data-message-id': message.id,
      ...(message.ratingRequest ? { 'data-rating-request': 'true' } : {}),
    };
    const time = h(
      'time',
      {
        className: 'message-time',
        attrs: { datetime: message.createdAt, title: new Date(message.createdAt).toLocaleString() },
      },
      formatClock(message.createdAt, new Date()),
    );
    if (message.author === 'system' || (message.kind === 'activity' && !message.private)) {
      return h(
        'div',
        { className: 'message message--activity', attrs },
        h('span', {}, activityText(message)),
        ' ',
        time,
      );
    }
    const classes = ['message', `message--${message.author}`];
    if (message.private) classes.push('message--private');
    return h(
      'article',
      { className: classes.join(' '), attrs },
      h(
        'header',
        { className: 'message-meta' },
        h('span', { className: 'message-author' }, authorLabel(message, this.contact)),
        message.private ? h('span', { className: 'note-label' }, 'Internal note') : null,
        kindLabel(message) ? h('span', { className: 'kind-label' }, kindLabel(message)) : null,
        time,
        message.author === 'bot' && message.confidence !== null
          ? h('span', { className: 'message-confidence' }, formatConfidence(message.confidence))
          : null,
      ),
      h('p', { className: 'message-content' }, message.content),
      (message.citations ?? []).length > 0 ? renderCitations(message.citations) : null,
      message.actionCalls && message.actionCalls.length > 0 ? renderActionCalls(message.actionCalls) : null,
      message.confirmation ? renderConfirmation(message.confirmation) : null,
      message.ratingRequest && this.rating !== undefined ? renderRating(this.rating) : null,
      this.renderAttachments(message),
      this.renderFiles(message),
    );
  }

  /** The customer's uploads: every file a download button; an image also a preview, loaded with the session. */
  private renderFiles(message: ConsoleMessage): HTMLElement | null {
    const files = message.attachments ?? [];
    if (files.length === 0 || !this.customerFiles) return null;
    const customerFiles = this.customerFiles;
    return h(
      'ul',
      { className: 'attachments customer-files', attrs: { 'aria-label': 'Files' } },
      ...files.map((file) => {
        const label = `${file.name} (${formatBytes(file.size)})`;
        const button = h('button', { className: 'attachment-link', attrs: { type: 'button' } }, `Download ${label}`);
        button.addEventListener('click', () => customerFiles.download(file.id, file.name));
        return h('li', { className: 'attachment' }, file.previewable ? this.preview(file.id, file.name) : null, button);
      }),
    );
  }

  private preview(attachmentId: string, name: string): HTMLElement {
    const image = h('img', { className: 'file-preview', attrs: { alt: `Preview of ${name}` } });
    this.customerFiles?.previewUrl(attachmentId).then(
      (url) => {
        image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
        image.src = url;
      },
      () => {
        image.alt = `No preview of ${name}`;
      },
    );
    return image;
  }

  private renderAttachments(message: ConsoleMessage): HTMLElement | null {
    const attachments = attachmentsOf(message.metadata ?? {});
    if (attachments.length === 0) return null;
    return h(
      'ul',
      { className: 'attachments', attrs: { 'aria-label': 'Attachments' } },
      ...attachments.map((attachment, index) => {
        const label = `${attachment.name} (${formatBytes(attachment.size)})`;
        if (!attachment.stored) return h('li', { className: 'attachment' }, `${label}: too large, not kept`);
        const button = h('button', { className: 'attachment-link', attrs: { type: 'button' } }, label);
        button.addEventListener('click', () => this.openAttachment(message.id, index, attachment.name));
        return h('li', { className: 'attachment' }, button);
      }),
    );
  }
}

function kindLabel(message: ConsoleMessage): string | null {
  switch (message.kind) {
    case 'handoff':
      return 'Handoff';
    case 'offline':
      return 'Offline reply';
    case 'message':
    case 'answer':
    case 'activity':
      return null;
  }
}

function renderCitations(citations: ConsoleMessage['citations']): HTMLElement {
  return h(
    'ol',
    { className: 'citations', attrs: { 'aria-label': 'Citations' } },
    ...[...citations]
      .sort((a, b) => a.index - b.index)
      .map((citation) =>
        h(
          'li',
          { className: 'citation' },
          h('span', { className: 'citation-index' }, `[${citation.index}]`),
          ' ',
          externalLinkOrText(citation.url, citation.title),
        ),
      ),
  );
}

/** The actions the bot called for the message: what was sent and what came back, the response collapsed. */
function renderActionCalls(calls: readonly ActionCallView[]): HTMLElement {
  return h(
    'ul',
    { className: 'action-calls', attrs: { 'aria-label': 'Action calls' } },
    ...calls.map((call) => {
      const text = actionCallText(call);
      const facts = [text.status, text.outcome, text.latency, text.attempts].filter((fact) => fact !== null);
      return h(
        'li',
        {
          className: `action-call${text.succeeded ? '' : ' action-call--failed'}`,
          attrs: { 'data-action': call.action },
        },
        h(
          'p',
          { className: 'action-call-head' },
          h('span', { className: 'action-call-label' }, 'Action '),
          h('span', { className: 'mono action-call-name' }, text.action),
          ' · ',
          facts.join(' · '),
        ),
        text.arguments.length > 0
          ? h('p', { className: 'action-call-args mono' }, text.arguments.join(', '))
          : h('p', { className: 'action-call-args muted' }, 'No arguments'),
        text.excerpt === null
          ? null
          : h(
              'details',
              { className: 'action-call-response' },
              h('summary', {}, 'Response excerpt'),
              h('pre', { className: 'mono' }, text.excerpt),
            ),
      );
    }),
  );
}

/** Stars, score and comment of the customer's rating; "Not rated yet" before there is one. */
function renderRating(rating: CsatRatingView | null): HTMLElement {
  if (!rating) return h('p', { className: 'csat-rating muted' }, 'Not rated yet');
  return h(
    'div',
    { className: 'csat-rating', attrs: { 'data-score': String(rating.score) } },
    h(
      'p',
      { className: 'csat-rating-head' },
      h('span', { className: 'csat-stars', attrs: { 'aria-hidden': 'true' } }, starsText(rating.score)),
      ' ',
      h('span', { className: 'csat-rating-label' }, ratingLabel(rating)),
    ),
    rating.comment ? h('blockquote', { className: 'csat-comment' }, rating.comment) : null,
  );
}

function renderConfirmation(confirmation: ActionConfirmation): HTMLElement {
  const text = confirmationText(confirmation);
  return h(
    'p',
    { className: 'action-confirmation', attrs: { 'data-action': confirmation.action } },
    text.title,
    text.arguments.length > 0 ? h('span', { className: 'mono' }, ` (${text.arguments.join(', ')})`) : null,
  );
}
