import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InboxesService, VISITOR_TOKENS_REVOKED, VisitorTokensRevokedEvent } from '@switchboard/conversations';
import { asWorkspaceId } from '@switchboard/database';
import { WidgetInbox, WidgetInboxSettings } from './widget-request';

// Every widget request needs its inbox; a short cache keeps that off the database without hiding a change for long.
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Widget inboxes by public key, the one lookup not scoped by a workspace: the key is what tells the tenant. */
@Injectable()
export class WidgetInboxesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WidgetInboxesService.name);
  private readonly cache = new Map<string, { inbox: Promise<WidgetInbox | null>; expires: number }>();
  // A revocation here takes effect at once; other processes see it when their entry expires.
  private readonly onRevoked = (event: VisitorTokensRevokedEvent): void => void this.cache.delete(event.publicKey);

  constructor(
    private readonly inboxes: InboxesService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.events.on(VISITOR_TOKENS_REVOKED, this.onRevoked);
  }

  onModuleDestroy(): void {
    this.events.off(VISITOR_TOKENS_REVOKED, this.onRevoked);
  }

  /** The widget inbox with this public key, or null (unknown, or not a widget inbox). */
  byPublicKey(publicKey: string): Promise<WidgetInbox | null> {
    if (!PUBLIC_KEY.test(publicKey)) return Promise.resolve(null);
    const now = Date.now();
    const cached = this.cache.get(publicKey);
    if (cached && cached.expires > now) return cached.inbox;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    const inbox = this.load(publicKey);
    this.cache.set(publicKey, { inbox, expires: now + TTL_MS });
    // A failed lookup is not remembered.
    inbox.catch(() => this.cache.delete(publicKey));
    return inbox;
  }

  private async load(publicKey: string): Promise<WidgetInbox | null> {
    const inbox = await this.inboxes.findByPublicKeyWithSecrets('widget', publicKey);
    if (!inbox) return null;
    const identitySecret = inbox.secrets?.identitySecret;
    if (typeof identitySecret !== 'string' || identitySecret.length === 0) {
      this.logger.warn(`widget inbox ${inbox.id} has no identity secret; it cannot serve visitors`);
      return null;
    }
    return {
      id: inbox.id,
      workspaceId: asWorkspaceId(inbox.workspaceId),
      name: inbox.name,
      settings: settingsOf(inbox.settings),
      identitySecret,
      visitorTokenGeneration: inbox.visitorTokenGeneration,
    };
  }
}

function settingsOf(settings: Record<string, unknown>): WidgetInboxSettings {
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const strings: Record<string, string> = {};
  if (typeof settings.strings === 'object' && settings.strings !== null && !Array.isArray(settings.strings)) {
    for (const [key, value] of Object.entries(settings.strings)) if (typeof value === 'string') strings[key] = value;
  }
  const origins = Array.isArray(settings.allowedOrigins) ? settings.allowedOrigins : [];
  return {
    title: text(settings.title),
    greeting: text(settings.greeting),
    color: text(settings.color),
    locale: text(settings.locale),
    strings,
    allowedOrigins: origins.filter((origin): origin is string => typeof origin === 'string').map(normalizeOrigin),
    identityRequired: settings.identityRequired === true,
  };
}

/** Origins compare case-insensitively and without a trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}
