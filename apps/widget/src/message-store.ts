import type { Citation, MessageAuthor, MessageFile, MessageKind, WidgetMessage } from '@switchboard/contracts';

export type Confirmation = NonNullable<WidgetMessage['confirmation']>;

export type Delivery = 'pending' | 'retrying' | 'sent' | 'failed';

/** One bubble in the conversation: a server message, or a customer message not yet confirmed by the server. */
export interface ChatEntry {
  /** Stable across the optimistic and the confirmed state, so the view keeps the same element. */
  readonly key: string;
  id: string | null;
  clientMessageId: string | null;
  author: MessageAuthor;
  kind: MessageKind;
  content: string;
  createdAt: string;
  agentName: string | null;
  citations: Citation[];
  /** The files the customer attached (shown by name and size). */
  attachments: MessageFile[];
  collectEmail: boolean;
  /** The bot asks the customer to confirm this action before it runs it. */
  confirmation: Confirmation | null;
  /** The bot asks the customer to rate the conversation (1-5 stars and a comment). */
  ratingRequest: boolean;
  /** On a rating request: the rating the server says the customer already gave. */
  givenRating: { score: number; comment: string | null } | null;
  delivery: Delivery;
  error: string | null;
  /** Bumped on every change so the view can skip untouched entries. */
  version: number;
  /** Arrival order: the tie-breaker for equal timestamps, and where an unconfirmed entry sits. */
  sequence: number;
}

export interface UpsertResult {
  entry: ChatEntry;
  /** True when this server id had not been seen before (a genuinely new message, not an echo or a repeat). */
  isNew: boolean;
}

/** Holds the conversation: dedupes by server id, reconciles optimistic bubbles by clientMessageId, keeps order. */
export class MessageStore {
  private readonly byKey = new Map<string, ChatEntry>();
  private readonly keyById = new Map<string, string>();
  private readonly keyByClientId = new Map<string, string>();
  private sequence = 0;

  addPending(clientMessageId: string, content: string, createdAt: string): ChatEntry {
    const existingKey = this.keyByClientId.get(clientMessageId);
    const existing = existingKey === undefined ? undefined : this.byKey.get(existingKey);
    if (existing) return existing;
    const entry: ChatEntry = {
      key: `c:${clientMessageId}`,
      id: null,
      clientMessageId,
      author: 'contact',
      kind: 'message',
      content,
      createdAt,
      agentName: null,
      citations: [],
      attachments: [],
      collectEmail: false,
      confirmation: null,
      ratingRequest: false,
      givenRating: null,
      delivery: 'pending',
      error: null,
      version: 0,
      sequence: this.sequence++,
    };
    this.byKey.set(entry.key, entry);
    this.keyByClientId.set(clientMessageId, entry.key);
    return entry;
  }

  upsert(message: WidgetMessage): UpsertResult {
    const isNew = !this.keyById.has(message.id);
    const key =
      this.keyById.get(message.id) ??
      (message.clientMessageId === null ? undefined : this.keyByClientId.get(message.clientMessageId));
    const existing = key === undefined ? undefined : this.byKey.get(key);
    if (existing) {
      this.apply(existing, message);
      return { entry: existing, isNew };
    }
    const entry: ChatEntry = {
      key: message.clientMessageId === null ? `m:${message.id}` : `c:${message.clientMessageId}`,
      id: null,
      clientMessageId: null,
      author: message.author,
      kind: message.kind,
      content: message.content,
      createdAt: message.createdAt,
      agentName: null,
      citations: [],
      attachments: [],
      collectEmail: false,
      confirmation: null,
      ratingRequest: false,
      givenRating: null,
      delivery: 'sent',
      error: null,
      version: 0,
      sequence: this.sequence++,
    };
    this.byKey.set(entry.key, entry);
    this.apply(entry, message);
    return { entry, isNew };
  }

  setDelivery(clientMessageId: string, delivery: Delivery, error: string | null = null): ChatEntry | null {
    const entry = this.findByClientId(clientMessageId);
    if (!entry || entry.id !== null) return null;
    if (entry.delivery === delivery && entry.error === error) return entry;
    entry.delivery = delivery;
    entry.error = error;
    entry.version++;
    return entry;
  }

  findByClientId(clientMessageId: string): ChatEntry | null {
    const key = this.keyByClientId.get(clientMessageId);
    return (key === undefined ? undefined : this.byKey.get(key)) ?? null;
  }

  findById(id: string): ChatEntry | null {
    const key = this.keyById.get(id);
    return (key === undefined ? undefined : this.byKey.get(key)) ?? null;
  }

  /**
   * Confirmed messages by time (arrival breaks ties); an unconfirmed one stays right after the messages that were
   * known when it was written, so a failed bubble does not drift below the conversation that follows it.
   */
  entries(): ChatEntry[] {
    const all = [...this.byKey.values()];
    const confirmed = all.filter((entry) => entry.id !== null).sort(compareConfirmed);
    const unconfirmed = all.filter((entry) => entry.id === null).sort((a, b) => a.sequence - b.sequence);
    const slots = new Map<number, ChatEntry[]>();
    for (const entry of unconfirmed) {
      let slot = -1;
      confirmed.forEach((candidate, index) => {
        if (candidate.sequence < entry.sequence) slot = index;
      });
      slots.set(slot, [...(slots.get(slot) ?? []), entry]);
    }
    const result = [...(slots.get(-1) ?? [])];
    confirmed.forEach((entry, index) => result.push(entry, ...(slots.get(index) ?? [])));
    return result;
  }

  /** Puts unconfirmed entries after everything known now (restored outbox items once the history has loaded). */
  moveUnconfirmedToEnd(): void {
    const unconfirmed = [...this.byKey.values()]
      .filter((entry) => entry.id === null)
      .sort((a, b) => a.sequence - b.sequence);
    for (const entry of unconfirmed) {
      entry.sequence = this.sequence++;
    }
  }

  /** The newest confirmed message, the cursor for `GET messages?after=`. */
  lastServerId(): string | null {
    const confirmed = this.entries().filter((entry) => entry.id !== null);
    return confirmed.length === 0 ? null : (confirmed[confirmed.length - 1]?.id ?? null);
  }

  /**
   * The bot message whose confirmation the customer can still answer: only the newest entry of the conversation,
   * so an older question, or one already answered (the reply, even unsent, comes after it), offers nothing.
   */
  awaitingConfirmation(): ChatEntry | null {
    const entries = this.entries();
    const last = entries[entries.length - 1];
    return last && last.id !== null && last.author === 'bot' && last.confirmation !== null ? last : null;
  }

  /** Confirmed entries after the given id (all of them when the id is unknown or null). */
  entriesAfter(id: string | null): ChatEntry[] {
    const confirmed = this.entries().filter((entry) => entry.id !== null);
    if (id === null) return confirmed;
    const index = confirmed.findIndex((entry) => entry.id === id);
    return index < 0 ? confirmed : confirmed.slice(index + 1);
  }

  private apply(entry: ChatEntry, message: WidgetMessage): void {
    if (entry.id !== null && entry.id !== message.id) this.keyById.delete(entry.id);
    entry.id = message.id;
    entry.clientMessageId = message.clientMessageId ?? entry.clientMessageId;
    entry.author = message.author;
    entry.kind = message.kind;
    entry.content = message.content;
    entry.createdAt = message.createdAt;
    entry.agentName = message.agentName;
    entry.citations = message.citations;
    entry.attachments = message.attachments ?? [];
    entry.collectEmail = message.collectEmail;
    entry.confirmation = message.confirmation;
    entry.ratingRequest = message.ratingRequest;
    entry.givenRating = message.rating ? { score: message.rating.score, comment: message.rating.comment } : null;
    entry.delivery = 'sent';
    entry.error = null;
    entry.version++;
    this.keyById.set(message.id, entry.key);
    if (entry.clientMessageId !== null) this.keyByClientId.set(entry.clientMessageId, entry.key);
  }
}

function compareConfirmed(a: ChatEntry, b: ChatEntry): number {
  return timeOf(a) - timeOf(b) || a.sequence - b.sequence;
}

function timeOf(entry: ChatEntry): number {
  const time = Date.parse(entry.createdAt);
  return Number.isNaN(time) ? 0 : time;
}
