import {
  ATTACHMENT_TYPES,
  CONVERSATION_OWNERS,
  Citation,
  ConversationOwner,
  MESSAGE_AUTHORS,
  MESSAGE_KINDS,
  MessageAuthor,
  MessageFile,
  MessageKind,
  WidgetEventName,
  WidgetEvents,
  WidgetMessage,
  WidgetResponse,
} from '@switchboard/contracts';
import { InboxSettings, RenewedToken, SessionResponse, StreamEvent } from './widget-types';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseCitation(value: unknown): Citation | null {
  if (!isObject(value) || typeof value.title !== 'string') return null;
  const index = typeof value.index === 'number' && Number.isFinite(value.index) ? value.index : 0;
  return { index, title: value.title, url: stringOrNull(value.url) };
}

export function parseOwner(value: unknown): ConversationOwner | null {
  return oneOf(CONVERSATION_OWNERS, value) ? value : null;
}

/** Turns untrusted JSON into a message, or null when it lacks what the widget needs to show it. */
export function parseWidgetMessage(value: unknown): WidgetMessage | null {
  if (!isObject(value)) return null;
  const { id, author, content } = value;
  if (
    typeof id !== 'string' ||
    id === '' ||
    !oneOf<MessageAuthor>(MESSAGE_AUTHORS, author) ||
    typeof content !== 'string'
  )
    return null;
  const kind: MessageKind = oneOf(MESSAGE_KINDS, value.kind) ? value.kind : 'message';
  const citations = Array.isArray(value.citations)
    ? value.citations.map(parseCitation).filter((c): c is Citation => c !== null)
    : [];
  return {
    id,
    author,
    content,
    kind,
    citations,
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : new Date(0).toISOString(),
    clientMessageId: stringOrNull(value.clientMessageId),
    agentName: stringOrNull(value.agentName),
    confidence: typeof value.confidence === 'number' ? value.confidence : null,
    collectEmail: value.collectEmail === true,
    replyTo: stringOrNull(value.replyTo),
    confirmation: parseConfirmation(value.confirmation),
    ...parseAttachments(value.attachments),
    ratingRequest: value.ratingRequest === true,
    ...parseGivenRating(value.rating),
  };
}

/** The rating already given for a rating request; left out when malformed. */
function parseGivenRating(value: unknown): Pick<WidgetMessage, 'rating'> {
  if (!isObject(value) || typeof value.score !== 'number' || typeof value.changeableUntil !== 'string') return {};
  const comment = typeof value.comment === 'string' ? value.comment : null;
  return { rating: { score: value.score, comment, changeableUntil: value.changeableUntil } };
}

/** The files of a customer message; anything malformed is left out. */
function parseAttachments(value: unknown): Pick<WidgetMessage, 'attachments'> {
  if (!Array.isArray(value)) return {};
  const files = value.flatMap((item: unknown): MessageFile[] => {
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.name !== 'string') return [];
    if (!oneOf(ATTACHMENT_TYPES, item.contentType) || typeof item.size !== 'number') return [];
    return [
      { id: item.id, name: item.name, contentType: item.contentType, size: item.size, previewable: !!item.previewable },
    ];
  });
  return files.length > 0 ? { attachments: files } : {};
}

function parseConfirmation(value: unknown): WidgetMessage['confirmation'] {
  return isObject(value) && typeof value.action === 'string' ? { action: value.action } : null;
}

function parseMessages(value: unknown): WidgetMessage[] {
  if (!Array.isArray(value)) return [];
  return value.map(parseWidgetMessage).filter((m): m is WidgetMessage => m !== null);
}

/** Inbox appearance from the session answer (or the widget's own cache of it); missing fields become null. */
export function parseInboxSettings(value: unknown): InboxSettings {
  const inbox = isObject(value) ? value : {};
  return {
    title: stringOrNull(inbox.title),
    color: stringOrNull(inbox.color),
    greeting: stringOrNull(inbox.greeting),
    locale: stringOrNull(inbox.locale),
    strings: isObject(inbox.strings) ? inbox.strings : {},
  };
}

export function parseSessionResponse(value: unknown): SessionResponse | null {
  if (!isObject(value) || typeof value.visitorToken !== 'string' || value.visitorToken === '') return null;
  return {
    visitorToken: value.visitorToken,
    visitorTokenExpiresIn: expiresIn(value.visitorTokenExpiresIn),
    conversationId: typeof value.conversationId === 'string' ? value.conversationId : '',
    owner: parseOwner(value.owner) ?? 'bot',
    inbox: parseInboxSettings(value.inbox),
    online: value.online !== false,
    messages: parseMessages(value.messages),
  };
}

/** The answer of `POST session/renew`: a fresh token for the same visitor and conversation. */
export function parseRenewedToken(value: unknown): RenewedToken | null {
  if (!isObject(value) || typeof value.visitorToken !== 'string' || value.visitorToken === '') return null;
  if (typeof value.conversationId !== 'string') return null;
  return {
    visitorToken: value.visitorToken,
    visitorTokenExpiresIn: expiresIn(value.visitorTokenExpiresIn),
    conversationId: value.conversationId,
  };
}

function expiresIn(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

export function parseMessagesResponse(value: unknown): WidgetResponse<'GET messages'> | null {
  if (!isObject(value)) return null;
  return { owner: parseOwner(value.owner) ?? 'bot', messages: parseMessages(value.messages) };
}

export function parsePostMessageResponse(value: unknown): WidgetResponse<'POST messages'> | null {
  if (!isObject(value)) return null;
  const message = parseWidgetMessage(value.message);
  return message ? { message, duplicate: value.duplicate === true } : null;
}

function parseTokenEvent(value: JsonObject): WidgetEvents['token'] | null {
  return typeof value.replyTo === 'string' && typeof value.text === 'string'
    ? { replyTo: value.replyTo, text: value.text }
    : null;
}

/** Parses one event-stream frame; unknown, malformed or incomplete frames yield null and are ignored. */
export function parseStreamEvent(type: WidgetEventName, data: string): StreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (type === 'message') {
    const message = parseWidgetMessage(value);
    return message ? { type, message } : null;
  }
  if (!isObject(value)) return null;
  switch (type) {
    case 'ready':
    case 'owner': {
      const owner = parseOwner(value.owner);
      return owner ? { type, owner } : null;
    }
    case 'typing': {
      const who = value.who === 'agent' ? 'agent' : 'bot';
      return typeof value.replyTo === 'string' ? { type, typing: { who, replyTo: value.replyTo } } : null;
    }
    case 'token':
    case 'reset': {
      const token = parseTokenEvent(value);
      return token ? { type, token } : null;
    }
    case 'discard':
      return typeof value.replyTo === 'string' ? { type, discard: { replyTo: value.replyTo } } : null;
  }
}
