import { isOutboxItem, OutboxItem, OutboxPersistence } from './outbox';
import type { Rating } from '@switchboard/contracts';
import { InboxSettings } from './widget-types';
import { parseInboxSettings } from './wire-format';

/** The part of the Web Storage API the widget uses (a Map-backed fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the widget remembers per inbox across page loads; every access tolerates a missing or full storage. */
export class VisitorStorage implements OutboxPersistence {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly inboxKey: string,
  ) {}

  visitorToken(): string | null {
    const token = this.read('visitor');
    return token === null || token === '' ? null : token;
  }

  setVisitorToken(token: string): void {
    this.write('visitor', token);
  }

  clearVisitorToken(): void {
    this.remove('visitor');
  }

  load(): OutboxItem[] {
    const items = this.readJson('outbox');
    return Array.isArray(items) ? items.filter(isOutboxItem) : [];
  }

  save(items: OutboxItem[]): void {
    if (items.length === 0) this.remove('outbox');
    else this.write('outbox', JSON.stringify(items));
  }

  ratings(): Map<string, Rating> {
    const stored = this.readJson('feedback');
    const ratings = new Map<string, Rating>();
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
      for (const [id, rating] of Object.entries(stored as Record<string, unknown>)) {
        if (rating === 'up' || rating === 'down') ratings.set(id, rating);
      }
    }
    return ratings;
  }

  setRating(messageId: string, rating: Rating): void {
    const ratings = Object.fromEntries(this.ratings());
    ratings[messageId] = rating;
    this.write('feedback', JSON.stringify(ratings));
  }

  /** Offline messages whose e-mail form was already answered, mapped to the address given. */
  contactsSent(): Map<string, string> {
    const stored = this.readJson('contact');
    const sent = new Map<string, string>();
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
      for (const [id, email] of Object.entries(stored as Record<string, unknown>)) {
        if (typeof email === 'string') sent.set(id, email);
      }
    }
    return sent;
  }

  setContactSent(messageId: string, email: string): void {
    const sent = Object.fromEntries(this.contactsSent());
    sent[messageId] = email;
    this.write('contact', JSON.stringify(sent));
  }

  /** The inbox's look from the last session, so a returning visitor's launcher has the right colour at once. */
  inboxSettings(): InboxSettings | null {
    const stored = this.readJson('inbox');
    return typeof stored === 'object' && stored !== null ? parseInboxSettings(stored) : null;
  }

  setInboxSettings(inbox: InboxSettings): void {
    this.write('inbox', JSON.stringify(inbox));
  }

  /** The newest message the visitor has seen with the panel open, for the unread badge after a reload. */
  lastSeenMessageId(): string | null {
    return this.read('seen');
  }

  setLastSeenMessageId(id: string): void {
    this.write('seen', id);
  }

  private key(name: string): string {
    return `switchboard:${this.inboxKey}:${name}`;
  }

  private read(name: string): string | null {
    try {
      return this.storage?.getItem(this.key(name)) ?? null;
    } catch {
      return null;
    }
  }

  private readJson(name: string): unknown {
    const raw = this.read(name);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }

  private write(name: string, value: string): void {
    try {
      this.storage?.setItem(this.key(name), value);
    } catch {
      // Storage full or blocked (private mode, sandboxed iframe): the widget still works for this page view.
    }
  }

  private remove(name: string): void {
    try {
      this.storage?.removeItem(this.key(name));
    } catch {
      // Same as write: nothing to do when storage is unavailable.
    }
  }
}
