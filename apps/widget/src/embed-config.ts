import type { WidgetSessionRequest } from '@switchboard/contracts';

/** `window.SwitchboardSettings`, as a host page may set it before the script tag. */
export interface HostSettings {
  userId?: string | number;
  userHash?: string;
  name?: string;
  email?: string;
  locale?: string;
  strings?: Record<string, unknown>;
}

export interface ScriptAttributes {
  inbox?: string;
  userId?: string;
  userHash?: string;
  locale?: string;
}

export interface EmbedConfig {
  baseUrl: string;
  inboxKey: string;
  userId: string | null;
  userHash: string | null;
  name: string | null;
  email: string | null;
  settingsLocale: string | null;
  attributeLocale: string | null;
  settingsStrings: Record<string, unknown>;
}

export interface EmbedInput {
  scriptSrc: string | null;
  attributes: ScriptAttributes;
  settings: unknown;
  pageUrl: string;
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Where the api lives (the origin that served widget.js) and who the visitor is; null without an inbox key. */
export function resolveEmbedConfig(input: EmbedInput): EmbedConfig | null {
  const inboxKey = text(input.attributes.inbox);
  if (inboxKey === null) return null;
  const settings =
    typeof input.settings === 'object' && input.settings !== null ? (input.settings as Record<string, unknown>) : {};
  const settingsUserId = text(settings.userId);
  // The id and its hash are one credential: take both from the same place.
  const [userId, userHash] =
    settingsUserId !== null
      ? [settingsUserId, text(settings.userHash)]
      : [text(input.attributes.userId), text(input.attributes.userHash)];
  const strings = settings.strings;
  return {
    baseUrl: originOf(input.scriptSrc, input.pageUrl),
    inboxKey,
    userId,
    userHash: userId === null ? null : userHash,
    name: text(settings.name),
    email: text(settings.email),
    settingsLocale: text(settings.locale),
    attributeLocale: text(input.attributes.locale),
    settingsStrings: typeof strings === 'object' && strings !== null ? (strings as Record<string, unknown>) : {},
  };
}

function originOf(scriptSrc: string | null, pageUrl: string): string {
  for (const candidate of [scriptSrc, pageUrl]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, pageUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // Try the next candidate.
    }
  }
  return '';
}

export function sessionRequest(config: EmbedConfig, visitorToken: string | null): WidgetSessionRequest {
  const request: WidgetSessionRequest = {};
  if (visitorToken !== null) request.visitorToken = visitorToken;
  if (config.userId !== null) request.userId = config.userId;
  if (config.userHash !== null) request.userHash = config.userHash;
  if (config.name !== null) request.name = config.name;
  if (config.email !== null) request.email = config.email;
  return request;
}
