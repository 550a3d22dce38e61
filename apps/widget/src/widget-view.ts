import { linkColorFor, textColorOn, withAlpha } from './color';
import { ConversationView } from './conversation-view';
import { h, setAttribute, setText } from './dom-element';
import { icon } from './icons';
import { MessageActions } from './message-view';
import type { ConversationOwner } from '@switchboard/contracts';
import { formatString, statusTextFor, WidgetStrings } from './strings';
import { WIDGET_CSS } from './styles';

export interface ViewActions extends MessageActions {
  toggle(): void;
  close(): void;
  send(text: string): void;
  /** The customer chose a file with the paperclip. */
  attach(file: File): void;
  talkToHuman(): void;
  endChat(): void;
}

export interface Notices {
  handoff: boolean;
  /** A short acknowledgement, e.g. to a second "Talk to a human" while already waiting. */
  info: string | null;
  offline: boolean;
  rateLimited: boolean;
  error: string | null;
}

/** The widget's DOM inside its shadow root: launcher, panel, header, notices and composer. */
export class WidgetView {
  readonly conversation: ConversationView;
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge = h('span', { class: 'sb-badge', 'aria-hidden': 'true', hidden: true });
  private readonly unreadDescription = h('span', { id: 'sb-unread', class: 'sb-sr-only' });
  private readonly panel: HTMLElement;
  private readonly title = h('h2', { class: 'sb-title' });
  private readonly presence = h('span', { class: 'sb-presence', 'aria-hidden': 'true' });
  private readonly statusText = h('span');
  private readonly subtitle = h('p', { class: 'sb-subtitle', hidden: true }, [this.presence, this.statusText]);
  private readonly minimize: HTMLButtonElement;
  private readonly offlineBanner = h('div', { class: 'sb-banner', role: 'status', hidden: true });
  private readonly handoffNotice = h('div', { class: 'sb-notice sb-notice-info', role: 'status', hidden: true });
  private readonly infoNotice = h('div', { class: 'sb-notice sb-notice-info', role: 'status', hidden: true });
  private readonly rateNotice = h('div', { class: 'sb-notice sb-notice-alert', role: 'alert', hidden: true });
  private readonly errorNotice = h('div', { class: 'sb-notice sb-notice-alert', role: 'alert', hidden: true });
  private readonly humanButton = h('button', { type: 'button', class: 'sb-human' });
  private readonly humanLabel = h('span');
  private readonly endButton = h('button', { type: 'button', class: 'sb-end', hidden: true });
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly sendLabel = h('span', { class: 'sb-sr-only' });
  private readonly attachButton = h('button', { type: 'button', class: 'sb-attach' });
  private readonly fileInput = h('input', {
    type: 'file',
    accept: 'image/jpeg,image/png,image/gif,image/webp,application/pdf',
    class: 'sb-sr-only',
    tabindex: '-1',
    'aria-hidden': 'true',
  });
  private readonly counter = h('span', { class: 'sb-counter', 'aria-live': 'polite', hidden: true });
  private readonly powered = h('span');
  private strings: WidgetStrings;
  private open = false;
  private online: boolean | null = null;
  private owner: ConversationOwner = 'bot';
  private inboxTitle: string | null = null;
  private composerEnabled = true;

  constructor(
    private readonly host: HTMLElement,
    strings: WidgetStrings,
    private readonly actions: ViewActions,
    private readonly maxLength: number,
  ) {
    this.strings = strings;
    this.conversation = new ConversationView(actions);

    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'sb-launcher',
        'aria-expanded': 'false',
        'aria-controls': 'sb-panel',
        'aria-haspopup': 'dialog',
        'aria-describedby': 'sb-unread',
      },
      [
        icon('chat', 28, 'sb-launcher-icon sb-icon-chat'),
        icon('close', 24, 'sb-launcher-icon sb-icon-close'),
        this.badge,
      ],
    );
    this.launcher.addEventListener('click', () => actions.toggle());

    this.minimize = h('button', { type: 'button', class: 'sb-icon-button' }, [icon('chevronDown', 22)]);
    this.minimize.addEventListener('click', () => actions.close());

    this.humanButton.append(icon('person', 15), this.humanLabel);
    this.humanButton.addEventListener('click', () => actions.talkToHuman());
    this.endButton.addEventListener('click', () => actions.endChat());

    // No maxlength: the browser would cut a long paste silently; the counter shows the limit and Send waits.
    this.textarea = h('textarea', { rows: '1', autocomplete: 'off' });
    this.sendButton = h('button', { type: 'submit', class: 'sb-send', disabled: true }, [
      icon('send', 18),
      this.sendLabel,
    ]);
    this.attachButton.append(icon('paperclip', 18));
    this.attachButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (file && this.composerEnabled) actions.attach(file);
    });
    const composer = h('form', { class: 'sb-composer', novalidate: true }, [
      this.attachButton,
      this.fileInput,
      this.textarea,
      this.sendButton,
    ]);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.submit();
      }
    });
    this.textarea.addEventListener('input', () => this.onComposerInput());

    this.panel = h('section', { class: 'sb-panel', id: 'sb-panel', role: 'dialog', hidden: true }, [
      h('header', { class: 'sb-header' }, [
        h('div', { class: 'sb-header-text' }, [this.title, this.subtitle]),
        this.minimize,
      ]),
      this.offlineBanner,
      this.conversation.element,
      h('div', { class: 'sb-notices' }, [this.handoffNotice, this.infoNotice, this.rateNotice, this.errorNotice]),
      h('div', { class: 'sb-footer' }, [
        h('div', { class: 'sb-actions' }, [this.humanButton, this.endButton]),
        composer,
        h('div', { class: 'sb-footer-meta' }, [this.powered, this.counter]),
      ]),
    ]);

    this.root = h('div', { class: 'sb-root', 'data-open': 'false' }, [
      this.panel,
      this.launcher,
      this.unreadDescription,
    ]);
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.open) {
        event.stopPropagation();
        actions.close();
      }
    });
  }

  mount(): void {
    const shadow = this.host.attachShadow({ mode: 'open' });
    shadow.append(h('style', {}, [WIDGET_CSS]), this.root);
  }

  setStrings(strings: WidgetStrings, locale: string): void {
    this.strings = strings;
    setAttribute(this.root, 'lang', locale);
    setAttribute(this.launcher, 'aria-label', this.open ? strings.closeChat : strings.openChat);
    setAttribute(this.minimize, 'aria-label', strings.minimizeChat);
    setAttribute(this.minimize, 'title', strings.minimizeChat);
    setText(this.humanLabel, strings.talkToHuman);
    setText(this.endButton, strings.endChat);
    setAttribute(this.textarea, 'aria-label', strings.messageLabel);
    this.textarea.placeholder = strings.messagePlaceholder;
    setText(this.sendLabel, strings.send);
    setAttribute(this.sendButton, 'title', strings.send);
    setAttribute(this.attachButton, 'aria-label', strings.attachFile);
    setAttribute(this.attachButton, 'title', strings.attachFile);
    setText(this.offlineBanner, strings.offline);
    setText(this.handoffNotice, strings.handoffRequested);
    setText(this.rateNotice, strings.rateLimited);
    setText(this.powered, strings.poweredBy);
    this.setTitle(this.inboxTitle);
    this.setStatus(this.online, this.owner);
    this.onComposerInput();
  }

  setTitle(title: string | null): void {
    this.inboxTitle = title;
    const text = title?.trim() || this.strings.defaultTitle;
    setText(this.title, text);
    setAttribute(this.panel, 'aria-label', text);
  }

  /** The header's status line follows who has the conversation, so it never lags behind a claim or a hand-back. */
  setStatus(online: boolean | null, owner: ConversationOwner): void {
    this.online = online;
    this.owner = owner;
    this.subtitle.hidden = online === null && owner !== 'agent';
    const present = owner === 'agent' || online === true;
    setAttribute(this.presence, 'data-online', present ? 'true' : 'false');
    setAttribute(this.subtitle, 'data-owner', owner);
    setText(this.statusText, statusTextFor(this.strings, online === true, owner));
  }

  setAccent(accent: string): void {
    this.root.style.setProperty('--sb-accent', accent);
    this.root.style.setProperty('--sb-on-accent', textColorOn(accent));
    this.root.style.setProperty('--sb-accent-soft', withAlpha(accent, 0.2));
    this.root.style.setProperty('--sb-link', linkColorFor(accent));
  }

  setOpen(open: boolean, returnFocus: boolean): void {
    this.open = open;
    this.panel.hidden = !open;
    setAttribute(this.root, 'data-open', String(open));
    setAttribute(this.launcher, 'aria-expanded', String(open));
    setAttribute(this.launcher, 'aria-label', open ? this.strings.closeChat : this.strings.openChat);
    if (open) {
      this.onComposerInput();
      this.conversation.scrollToBottom();
      this.focusComposer();
    } else if (returnFocus) {
      this.launcher.focus();
    }
  }

  setUnread(count: number): void {
    this.badge.hidden = count === 0;
    setText(this.badge, count > 99 ? '99+' : String(count));
    setText(this.unreadDescription, count === 0 ? '' : formatString(this.strings.unreadCount, { count }));
  }

  setNotices(notices: Notices): void {
    this.offlineBanner.hidden = !notices.offline;
    this.handoffNotice.hidden = !notices.handoff;
    this.infoNotice.hidden = notices.info === null;
    setText(this.infoNotice, notices.info ?? '');
    this.rateNotice.hidden = !notices.rateLimited;
    this.errorNotice.hidden = notices.error === null;
    setText(this.errorNotice, notices.error ?? '');
  }

  setComposerEnabled(enabled: boolean): void {
    this.composerEnabled = enabled;
    this.textarea.disabled = !enabled;
    this.humanButton.disabled = !enabled;
    this.attachButton.disabled = !enabled;
    this.onComposerInput();
  }

  /** "End chat" while the bot has a conversation that has started. */
  setEndChat({ shown, busy }: { shown: boolean; busy: boolean }): void {
    this.endButton.hidden = !shown;
    this.endButton.disabled = busy || !this.composerEnabled;
    setAttribute(this.endButton, 'aria-busy', busy ? 'true' : null);
  }

  setHumanBusy(busy: boolean): void {
    this.humanButton.disabled = busy || !this.composerEnabled;
    setAttribute(this.humanButton, 'aria-busy', busy ? 'true' : null);
  }

  clearComposer(): void {
    this.textarea.value = '';
    this.onComposerInput();
  }

  focusComposer(): void {
    if (!this.textarea.disabled) this.textarea.focus({ preventScroll: true });
  }

  private submit(): void {
    if (!this.composerEnabled) return;
    this.actions.send(this.textarea.value);
  }

  private onComposerInput(): void {
    const length = this.textarea.value.length;
    const over = length > this.maxLength;
    this.sendButton.disabled = !this.composerEnabled || this.textarea.value.trim() === '' || over;
    this.counter.hidden = length < Math.floor(this.maxLength * 0.9);
    setAttribute(this.counter, 'data-over', over ? 'true' : null);
    setText(
      this.counter,
      formatString(over ? this.strings.tooLong : this.strings.characterCount, { count: length, max: this.maxLength }),
    );
    this.textarea.style.height = 'auto';
    const height = this.textarea.scrollHeight;
    // A hidden panel measures 0: keep the stylesheet's height until it can be measured.
    this.textarea.style.height = height > 0 ? `${Math.min(height, 132)}px` : '';
  }
}
