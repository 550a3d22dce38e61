import { backoffDelay, DEFAULT_RETRY_AFTER_MS } from './backoff';
import { accentColor } from './color';
import { EmbedConfig, sessionRequest } from './embed-config';
import { isPlausibleEmail } from './email-address';
import { EventSourceFactory, EventStream } from './event-stream';
import { ChatEntry, MessageStore } from './message-store';
import { ConfirmationAnswer, ContactFormState, CsatFormState, MessageUiState } from './message-view';
import { Cancel, Outbox, OutboxItem, Schedule, SendOutcome } from './outbox';
import { StreamDrafts } from './stream-drafts';
import { chooseLocale, formatString, resolveStrings, StringKey, WidgetStrings } from './strings';
import { renewalDelayMs } from './token-renewal';
import { VisitorStorage } from './visitor-storage';
import { failureKind, WidgetApi, WidgetApiError } from './widget-api';
import type { ConversationOwner, Rating, WidgetMessage } from '@switchboard/contracts';
import { InboxSettings, isHumanOwner, SessionResponse, StreamEvent } from './widget-types';
import { ViewActions, WidgetView } from './widget-view';

export const MAX_MESSAGE_LENGTH = 2000;
const ERROR_NOTICE_MS = 8000;
const TYPING_TIMEOUT_MS = 60000;
const STREAM_DOWN_GRACE_MS = 1500;
const RENEW_SESSION_EVERY_FAILURES = 3;
// The bot reads the reply in English ("yes" / "no"), whatever language the buttons are labelled in.
const CONFIRMATION_REPLIES: Readonly<Record<ConfirmationAnswer, string>> = { yes: 'Yes', no: 'No' };

export interface WidgetEnvironment {
  api: WidgetApi;
  storage: VisitorStorage;
  createEventSource: EventSourceFactory;
  schedule: Schedule;
  random(): number;
  newClientMessageId(): string;
  now(): Date;
  browserLocale: string | null;
  isOnline(): boolean;
  host: HTMLElement;
}

type SessionState = 'none' | 'loading' | 'ready' | 'blocked';

/** Ties the pieces together: session, outbox, event stream and view, and the rules of the conversation. */
export class WidgetController implements ViewActions {
  private store = new MessageStore();
  private readonly drafts = new StreamDrafts();
  private readonly outbox: Outbox;
  private readonly events: EventStream;
  private readonly view: WidgetView;
  private strings: WidgetStrings;
  private locale: string;
  private inbox: InboxSettings | null = null;
  private conversationId: string | null = null;
  private owner: ConversationOwner = 'bot';
  private handoffAsked = false;
  private isOpen = false;
  private unread = 0;
  private lastSeenId: string | null;
  private sessionState: SessionState = 'none';
  private session: Promise<boolean> | null = null;
  private sessionFailing = false;
  private cancelRenewal: Cancel | null = null;
  private renewalFailures = 0;
  private blockedKey: StringKey | null = null;
  private streamDown = false;
  private cancelStreamDownTimer: Cancel | null = null;
  private browserOffline: boolean;
  private rateLimited = false;
  private cancelRateTimer: Cancel | null = null;
  private errorMessage: string | null = null;
  private infoMessage: string | null = null;
  private cancelInfoTimer: Cancel | null = null;
  private online: boolean | null = null;
  private cancelErrorTimer: Cancel | null = null;
  private cancelTypingTimer: Cancel | null = null;
  private readonly ratings: Map<string, Rating>;
  private readonly ratingBusy = new Set<string>();
  private readonly contacts = new Map<string, ContactFormState>();
  private readonly csatForms = new Map<string, CsatFormState>();
  private humanBusy = false;
  private endBusy = false;
  private forceScroll = false;

  constructor(
    private readonly config: EmbedConfig,
    private readonly env: WidgetEnvironment,
  ) {
    this.locale = this.chooseLocale();
    this.strings = resolveStrings(this.locale, config.settingsStrings);
    this.browserOffline = !env.isOnline();
    this.lastSeenId = env.storage.lastSeenMessageId();
    this.ratings = env.storage.ratings();
    for (const [id, email] of env.storage.contactsSent()) this.contacts.set(id, { status: 'sent', email });
    this.view = new WidgetView(env.host, this.strings, this, MAX_MESSAGE_LENGTH);
    this.outbox = new Outbox({
      send: (item) => this.deliver(item),
      persistence: env.storage,
      schedule: env.schedule,
      random: env.random,
      events: {
        onSent: (_item, message) => {
          this.ingest(message, 'live');
          this.clearRateLimit();
          this.render();
        },
        onRejected: (item, reason) => {
          this.store.setDelivery(item.clientMessageId, 'failed', reason);
          this.render();
        },
        onRetryScheduled: (item, delayMs, cause) => {
          this.store.setDelivery(item.clientMessageId, 'retrying');
          if (cause === 'rate-limited') this.showRateLimit(delayMs);
          this.render();
        },
      },
    });
    this.events = new EventStream({
      url: () => env.api.eventsUrl(),
      create: env.createEventSource,
      schedule: env.schedule,
      random: env.random,
      onEvent: (event) => this.onStreamEvent(event),
      onConnectionChange: (connected) => this.onStreamConnection(connected),
      beforeReconnect: async (failures) => {
        if (failures % RENEW_SESSION_EVERY_FAILURES === 0) await this.renewSession();
      },
    });
  }

  start(): void {
    this.view.mount();
    this.view.setStrings(this.strings, this.locale);
    const cachedInbox = this.env.storage.inboxSettings();
    if (cachedInbox) this.applyInbox(cachedInbox);
    else void this.loadLook();
    for (const item of this.outbox.pending()) this.store.addPending(item.clientMessageId, item.content, item.createdAt);
    // A returning visitor connects at once, so a reply that came in meanwhile can badge the launcher.
    if (this.env.storage.visitorToken() !== null || this.outbox.pending().length > 0) void this.ensureSession();
    this.render();
  }

  setBrowserOnline(online: boolean): void {
    this.browserOffline = !online;
    if (online) {
      this.events.restart();
      this.outbox.retryNow();
    }
    this.render();
  }

  // View actions

  toggle(): void {
    this.setOpen(!this.isOpen, false);
  }

  close(): void {
    if (this.isOpen) this.setOpen(false, true);
  }

  send(text: string): void {
    if (this.blockedKey !== null) return;
    const content = text.trim();
    if (content === '') return;
    if (content.length > MAX_MESSAGE_LENGTH) {
      this.showError(formatString(this.strings.tooLong, { count: content.length, max: MAX_MESSAGE_LENGTH }));
      return;
    }
    this.view.clearComposer();
    this.enqueue(content);
  }

  /** A click on "Yes" or "No" is the customer's next message, sent like a typed one (outbox, clientMessageId). */
  answerConfirmation(messageId: string, answer: ConfirmationAnswer): void {
    if (this.blockedKey !== null || this.store.awaitingConfirmation()?.id !== messageId) return;
    this.enqueue(CONFIRMATION_REPLIES[answer]);
    // The clicked button is gone with the question: keyboard focus goes on to the composer, not to the page.
    this.view.focusComposer();
  }

  /** A file from the paperclip: sent at once (not through the outbox), shown when the server has stored it. */
  attach(file: File): void {
    if (this.blockedKey !== null) return;
    void this.sendAttachment(file);
  }

  talkToHuman(): void {
    if (this.humanBusy) return;
    this.humanBusy = true;
    this.view.setHumanBusy(true);
    void this.requestHandoff().finally(() => {
      this.humanBusy = false;
      this.view.setHumanBusy(false);
      this.render();
    });
  }

  /** "End chat" with the bot: the conversation is resolved and the bot's rating request comes on the stream. */
  endChat(): void {
    if (this.endBusy || this.owner !== 'bot') return;
    this.endBusy = true;
    this.render();
    void this.env.api
      .endChat()
      .then(({ owner }) => this.setOwner(owner))
      .catch((error: unknown) => this.reportActionFailure(error))
      .finally(() => {
        this.endBusy = false;
        this.render();
      });
  }

  /** The customer's 1-5 rating (and comment) of the conversation; sending again within the window changes it. */
  submitCsat(messageId: string, score: number, comment: string): void {
    if (this.csatForms.get(messageId)?.status === 'sending') return;
    this.csatForms.set(messageId, { status: 'sending' });
    this.render();
    void this.sendCsat(messageId, score, comment).finally(() => this.render());
  }

  rate(messageId: string, rating: Rating): void {
    if (this.ratings.has(messageId) || this.ratingBusy.has(messageId)) return;
    this.ratings.set(messageId, rating);
    this.ratingBusy.add(messageId);
    this.render();
    void this.sendFeedback(messageId, rating).finally(() => {
      this.ratingBusy.delete(messageId);
      this.render();
    });
  }

  submitContact(messageId: string, email: string): void {
    if (this.contacts.get(messageId)?.status === 'sending') return;
    if (!isPlausibleEmail(email)) {
      this.contacts.set(messageId, { status: 'error', message: this.strings.emailInvalid });
      this.render();
      return;
    }
    this.contacts.set(messageId, { status: 'sending' });
    this.render();
    void this.sendContact(messageId, email.trim()).finally(() => this.render());
  }

  private enqueue(content: string): void {
    const item: OutboxItem = {
      clientMessageId: this.env.newClientMessageId(),
      content,
      createdAt: this.env.now().toISOString(),
    };
    this.store.addPending(item.clientMessageId, item.content, item.createdAt);
    this.outbox.enqueue(item);
    this.forceScroll = true;
    this.render();
    void this.ensureSession();
  }

  // Session

  private ensureSession(): Promise<boolean> {
    if (this.session === null) this.session = this.bootstrap();
    return this.session;
  }

  /** Asks for the session again (token expired, or the stream keeps failing); the server may issue a new token. */
  private renewSession(): Promise<boolean> {
    if (this.sessionState === 'loading' && this.session !== null) return this.session;
    if (this.sessionState === 'blocked') return Promise.resolve(false);
    this.session = this.bootstrap();
    return this.session;
  }

  private async bootstrap(): Promise<boolean> {
    const wasReady = this.sessionState === 'ready';
    this.sessionState = 'loading';
    this.render();
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.env.api.createSession(sessionRequest(this.config, this.env.storage.visitorToken()));
        this.applySession(response, !wasReady);
        return true;
      } catch (error) {
        const kind = failureKind(error);
        if (kind === 'identity') {
          const code = error instanceof WidgetApiError ? error.code : null;
          this.block(code === 'identity_required' ? 'identityRequired' : 'identityInvalid');
          return false;
        }
        if (kind === 'rejected' || kind === 'unauthorized') {
          this.block('unavailable');
          return false;
        }
        this.sessionFailing = true;
        this.render();
        const retryAfter = error instanceof WidgetApiError ? error.retryAfterMs : null;
        await this.wait(kind === 'rate-limited' ? (retryAfter ?? DEFAULT_RETRY_AFTER_MS) : this.backoff(attempt));
      }
    }
  }

  private applySession(response: SessionResponse, firstLoad: boolean): void {
    const tokenChanged = this.env.api.token() !== response.visitorToken;
    this.env.storage.setVisitorToken(response.visitorToken);
    this.env.api.setToken(response.visitorToken);
    if (this.conversationId !== null && response.conversationId !== this.conversationId) this.forgetConversation();
    this.conversationId = response.conversationId;
    this.sessionFailing = false;
    this.sessionState = 'ready';

    this.applyInbox(response.inbox);
    this.env.storage.setInboxSettings(response.inbox);
    this.online = response.online;

    for (const message of response.messages) this.ingest(message, 'history');
    if (firstLoad) {
      this.store.moveUnconfirmedToEnd();
      this.countUnreadSinceLastVisit();
    }
    this.setOwner(response.owner);
    this.scheduleRenewal(response.visitorTokenExpiresIn);
    this.outbox.resume();
    if (tokenChanged) this.events.restart();
    this.events.start();
    this.render();
  }

  /** A first-time visitor's launcher takes the inbox's colour before any session; a failure keeps the default. */
  private async loadLook(): Promise<void> {
    try {
      const look = await this.env.api.look();
      if (this.inbox !== null) return;
      this.env.storage.setInboxSettings(look);
      this.applyInbox(look);
      this.render();
    } catch {
      // The session, when the visitor opens the chat, brings the same settings.
    }
  }

  private applyInbox(inbox: InboxSettings): void {
    this.inbox = inbox;
    this.applyStrings();
    this.view.setTitle(inbox.title);
    this.view.setAccent(accentColor(inbox.color));
    this.view.conversation.setGreeting(inbox.greeting);
  }

  /** Renews the visitor token silently before it expires, so a page left open keeps its visitor. */
  private scheduleRenewal(expiresInSeconds: number | null, delayMs = renewalDelayMs(expiresInSeconds)): void {
    this.cancelRenewal?.();
    this.cancelRenewal = delayMs === null ? null : this.env.schedule(() => void this.renewToken(), delayMs);
  }

  /**
   * Swaps the token for a fresh one of the same visitor. A refused token (expired past its renewal window, revoked)
   * starts the session again, which resumes what the server still can; a network failure retries with backoff.
   */
  private async renewToken(): Promise<void> {
    this.cancelRenewal = null;
    // A session being (re)started schedules its own renewal; a blocked one has nothing to renew.
    if (this.sessionState !== 'ready') return;
    try {
      const renewed = await this.env.api.renewToken();
      this.renewalFailures = 0;
      if (renewed.conversationId !== this.conversationId) {
        await this.renewSession();
        return;
      }
      this.env.storage.setVisitorToken(renewed.visitorToken);
      this.env.api.setToken(renewed.visitorToken);
      this.scheduleRenewal(renewed.visitorTokenExpiresIn);
    } catch (error) {
      const kind = failureKind(error);
      if (kind === 'unauthorized' || kind === 'identity') {
        await this.renewSession();
      } else if (kind !== 'rejected') {
        const retryAfter = kind === 'rate-limited' && error instanceof WidgetApiError ? error.retryAfterMs : null;
        this.scheduleRenewal(null, retryAfter ?? this.backoff(this.renewalFailures++));
      }
    }
  }

  private block(key: StringKey): void {
    this.cancelRenewal?.();
    this.cancelRenewal = null;
    this.sessionState = 'blocked';
    this.blockedKey = key;
    this.sessionFailing = false;
    this.outbox.pause();
    this.events.stop();
    this.render();
  }

  /** The server started a new conversation (the old one is gone): keep only what is still waiting to be sent. */
  private forgetConversation(): void {
    this.store = new MessageStore();
    for (const item of this.outbox.pending()) this.store.addPending(item.clientMessageId, item.content, item.createdAt);
    this.drafts.discardBot();
    this.drafts.clearTyping();
    this.handoffAsked = false;
  }

  private countUnreadSinceLastVisit(): void {
    if (this.isOpen || this.lastSeenId === null) return;
    this.unread = this.store
      .entriesAfter(this.lastSeenId)
      .filter((entry) => entry.author === 'agent' || entry.author === 'bot').length;
  }

  // Incoming messages and events

  private ingest(message: WidgetMessage, source: 'history' | 'live'): void {
    if (!isHumanOwner(this.owner) || message.author !== 'bot') this.drafts.settle(message);
    else this.drafts.discardBot();
    const { isNew } = this.store.upsert(message);
    if (message.author === 'contact' && message.clientMessageId !== null)
      this.outbox.acknowledge(message.clientMessageId);
    if (source === 'history' || !isNew) return;
    if ((message.author === 'agent' || message.author === 'bot') && !this.isOpen) this.unread++;
    if (message.author === 'bot' && message.kind === 'handoff') this.handoffAsked = true;
    // The server has just checked who is available: a handoff found someone, the offline message nobody.
    if (message.author === 'bot' && message.kind === 'handoff') this.online = true;
    if (message.author === 'bot' && message.kind === 'offline') this.online = false;
  }

  private onStreamEvent(event: StreamEvent): void {
    const botSilenced = isHumanOwner(this.owner);
    switch (event.type) {
      case 'ready':
        this.setOwner(event.owner);
        void this.fillGap();
        break;
      case 'message':
        this.ingest(event.message, 'live');
        break;
      case 'typing':
        if (event.typing.who === 'bot' && botSilenced) break;
        this.drafts.startTyping(event.typing.replyTo, event.typing.who);
        this.armTypingTimeout();
        break;
      case 'token':
        if (botSilenced) break;
        this.drafts.appendToken(event.token.replyTo, event.token.text);
        this.armTypingTimeout();
        break;
      case 'reset':
        if (botSilenced) break;
        this.drafts.reset(event.token.replyTo, event.token.text);
        this.armTypingTimeout();
        break;
      case 'discard':
        this.drafts.discard(event.discard.replyTo);
        break;
      case 'owner':
        this.setOwner(event.owner);
        break;
    }
    this.render();
  }

  /** After (re)connecting, fetches whatever was said while the stream was down. */
  private async fillGap(): Promise<void> {
    try {
      const { owner, messages } = await this.env.api.messagesAfter(this.store.lastServerId());
      for (const message of messages) this.ingest(message, 'live');
      this.setOwner(owner);
      this.render();
    } catch (error) {
      if (failureKind(error) === 'unauthorized') await this.renewSession();
    }
  }

  private onStreamConnection(connected: boolean): void {
    this.cancelStreamDownTimer?.();
    this.cancelStreamDownTimer = null;
    if (connected) {
      this.streamDown = false;
      this.render();
      return;
    }
    // Brief drops (a proxy closing a long request) reconnect before the visitor needs to hear about it.
    this.cancelStreamDownTimer = this.env.schedule(() => {
      this.cancelStreamDownTimer = null;
      this.streamDown = true;
      this.render();
    }, STREAM_DOWN_GRACE_MS);
  }

  private setOwner(owner: ConversationOwner): void {
    // "Already in the queue" answers one click; once an agent joins or leaves it is out of date.
    if (owner !== this.owner) this.clearInfo();
    this.owner = owner;
    if (isHumanOwner(owner)) this.drafts.discardBot();
    else this.handoffAsked = false;
  }

  private armTypingTimeout(): void {
    this.cancelTypingTimer?.();
    this.cancelTypingTimer = this.env.schedule(() => {
      this.cancelTypingTimer = null;
      this.drafts.clearTyping();
      this.render();
    }, TYPING_TIMEOUT_MS);
  }

  // Outgoing

  private async deliver(item: OutboxItem): Promise<SendOutcome> {
    if (!(await this.ensureSession())) return { type: 'retry' };
    try {
      const { message } = await this.env.api.postMessage(item.clientMessageId, item.content);
      return { type: 'sent', message };
    } catch (error) {
      const apiError = error instanceof WidgetApiError ? error : null;
      switch (failureKind(error)) {
        case 'transient':
          return { type: 'retry' };
        case 'rate-limited':
          return { type: 'rate-limited', retryAfterMs: apiError?.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS };
        case 'unauthorized':
        case 'identity':
          await this.renewSession();
          return { type: 'retry' };
        case 'rejected':
          return { type: 'rejected', reason: apiError?.message || this.strings.genericError };
      }
    }
  }

  private async requestHandoff(): Promise<void> {
    try {
      if (!(await this.ensureSession())) return;
      const waitingAlready = isHumanOwner(this.owner);
      const { owner } = await this.env.api.requestHandoff();
      this.setOwner(owner);
      // A second request changes nothing on the server; say so rather than leave the click unanswered.
      if (waitingAlready) this.showInfo(owner === 'agent' ? this.strings.agentAlreadyHere : this.strings.alreadyQueued);
    } catch (error) {
      this.reportActionFailure(error);
    }
  }

  private async sendFeedback(messageId: string, rating: Rating): Promise<void> {
    try {
      const { handedOff } = await this.env.api.postFeedback(messageId, rating);
      this.env.storage.setRating(messageId, rating);
      if (handedOff) this.handoffAsked = true;
    } catch (error) {
      this.ratings.delete(messageId);
      this.reportActionFailure(error);
    }
  }

  private async sendContact(messageId: string, email: string): Promise<void> {
    try {
      await this.env.api.postContact(email);
      this.contacts.set(messageId, { status: 'sent', email });
      this.env.storage.setContactSent(messageId, email);
    } catch (error) {
      const kind = failureKind(error);
      const message =
        kind === 'rate-limited'
          ? this.strings.rateLimited
          : kind === 'rejected' && error instanceof WidgetApiError && error.status === 400
            ? this.strings.emailInvalid
            : this.strings.emailFailed;
      this.contacts.set(messageId, { status: 'error', message });
    }
  }

  private async sendAttachment(file: File): Promise<void> {
    try {
      if (!(await this.ensureSession())) return;
      const { message } = await this.env.api.postAttachment(this.env.newClientMessageId(), file, file.name);
      this.ingest(message, 'live');
      this.forceScroll = true;
      this.render();
    } catch (error) {
      // Too large, not an image or PDF: the server's message says which.
      if (failureKind(error) === 'rejected' && error instanceof WidgetApiError) {
        this.showError(formatString(this.strings.attachmentRefused, { reason: error.message }));
        return;
      }
      this.reportActionFailure(error);
    }
  }

  private async sendCsat(messageId: string, score: number, comment: string): Promise<void> {
    try {
      await this.env.api.postCsat(messageId, score, comment);
      this.csatForms.set(messageId, { status: 'rated', score, comment });
    } catch (error) {
      const closed = error instanceof WidgetApiError && error.status === 409;
      const message = closed ? this.strings.csatClosed : this.strings.genericError;
      this.csatForms.set(messageId, { status: 'error', message });
      if (!closed) this.reportActionFailure(error);
    }
  }

  private reportActionFailure(error: unknown): void {
    const kind = failureKind(error);
    if (kind === 'rate-limited') {
      this.showRateLimit(error instanceof WidgetApiError ? (error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) : 0);
      return;
    }
    if (kind === 'unauthorized') void this.renewSession();
    this.showError(this.strings.genericError);
  }

  // Notices

  private showRateLimit(delayMs: number): void {
    this.rateLimited = true;
    this.cancelRateTimer?.();
    this.cancelRateTimer = this.env.schedule(() => this.clearRateLimit(), Math.max(delayMs, 3000));
    this.render();
  }

  private clearRateLimit(): void {
    this.cancelRateTimer?.();
    this.cancelRateTimer = null;
    if (!this.rateLimited) return;
    this.rateLimited = false;
    this.render();
  }

  private showInfo(message: string): void {
    this.infoMessage = message;
    this.cancelInfoTimer?.();
    this.cancelInfoTimer = this.env.schedule(() => {
      this.infoMessage = null;
      this.render();
    }, ERROR_NOTICE_MS);
    this.render();
  }

  private clearInfo(): void {
    this.cancelInfoTimer?.();
    this.cancelInfoTimer = null;
    this.infoMessage = null;
  }

  private showError(message: string): void {
    this.errorMessage = message;
    this.cancelErrorTimer?.();
    this.cancelErrorTimer = this.env.schedule(() => {
      this.errorMessage = null;
      this.render();
    }, ERROR_NOTICE_MS);
    this.render();
  }

  // Presentation

  private setOpen(open: boolean, returnFocus: boolean): void {
    this.isOpen = open;
    this.view.setOpen(open, returnFocus);
    if (open) {
      this.unread = 0;
      this.forceScroll = true;
      void this.ensureSession();
    }
    this.render();
  }

  private chooseLocale(): string {
    return chooseLocale({
      settings: this.config.settingsLocale,
      attribute: this.config.attributeLocale,
      inbox: this.inbox?.locale,
      browser: this.env.browserLocale,
    });
  }

  private applyStrings(): void {
    const locale = this.chooseLocale();
    const strings = resolveStrings(locale, this.inbox?.strings, this.config.settingsStrings);
    if (locale === this.locale && JSON.stringify(strings) === JSON.stringify(this.strings)) return;
    this.locale = locale;
    this.strings = strings;
    this.view.setStrings(strings, locale);
    this.view.conversation.reset();
  }

  private uiFor(entry: ChatEntry, awaiting: ChatEntry | null): MessageUiState {
    const id = entry.id ?? '';
    return {
      rating: this.ratings.get(id) ?? null,
      ratingBusy: this.ratingBusy.has(id),
      contact: this.contacts.get(id) ?? { status: 'idle' },
      confirmable: entry === awaiting && this.blockedKey === null,
      csat:
        this.csatForms.get(id) ?? (entry.givenRating ? { status: 'rated', ...entry.givenRating } : { status: 'idle' }),
    };
  }

  private render(): void {
    const strings = this.strings;
    const entries = this.store.entries();
    const awaiting = this.store.awaitingConfirmation();
    const waiting = this.sessionState !== 'ready' && this.sessionState !== 'blocked' && entries.length === 0;
    this.view.conversation.setConnecting(waiting && this.isOpen ? strings.connecting : null);
    this.view.conversation.setBlocked(this.blockedKey === null ? null : strings[this.blockedKey]);
    this.view.conversation.render({
      entries,
      drafts: isHumanOwner(this.owner) ? [] : this.drafts.list(),
      uiFor: (entry) => this.uiFor(entry, awaiting),
      strings,
      locale: this.locale,
      forceScroll: this.forceScroll,
    });
    this.forceScroll = false;
    this.view.conversation.setTyping(this.drafts.typist(), strings);
    this.view.setStatus(this.online, this.owner);
    this.view.setEndChat({ shown: this.owner === 'bot' && entries.length > 0, busy: this.endBusy });
    this.view.setNotices({
      // Once an agent has joined, "a colleague has been asked" is old news: the header says who is here.
      handoff: this.owner === 'queued' || (this.owner === 'bot' && this.handoffAsked),
      info: this.infoMessage,
      offline: this.blockedKey === null && (this.browserOffline || this.streamDown || this.sessionFailing),
      rateLimited: this.rateLimited,
      error: this.errorMessage,
    });
    this.view.setUnread(this.isOpen ? 0 : this.unread);
    this.view.setComposerEnabled(this.blockedKey === null);
    if (this.isOpen) this.markSeen();
  }

  private markSeen(): void {
    const lastId = this.store.lastServerId();
    if (lastId === null || lastId === this.lastSeenId) return;
    this.lastSeenId = lastId;
    this.env.storage.setLastSeenMessageId(lastId);
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, () => this.env.random());
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.env.schedule(resolve, ms);
    });
  }
}
