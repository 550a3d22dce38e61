export const AUTHORS = ['contact', 'bot', 'agent', 'system'] as const;
export type Author = (typeof AUTHORS)[number];

export const MESSAGE_KINDS = ['message', 'answer', 'handoff', 'offline', 'activity'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const OWNERS = ['bot', 'queued', 'agent', 'resolved'] as const;
export type Owner = (typeof OWNERS)[number];

export type Rating = 'up' | 'down';

export interface Citation {
  index: number;
  title: string;
  url: string | null;
}

export interface WidgetMessage {
  id: string;
  author: Author;
  content: string;
  createdAt: string;
  clientMessageId: string | null;
  agentName: string | null;
  kind: MessageKind;
  citations: Citation[];
  confidence: number | null;
  collectEmail: boolean;
  /** Not in the contract yet; used to pick the streamed draft a final answer replaces when the server sends it. */
  replyTo: string | null;
}

export interface InboxSettings {
  title: string | null;
  color: string | null;
  greeting: string | null;
  locale: string | null;
  strings: Record<string, unknown>;
}

/** A visitor token as the api hands it out: the widget renews it before it expires. */
export interface IssuedToken {
  visitorToken: string;
  /** Seconds until the token expires (null: an api that does not say; the widget then never renews early). */
  visitorTokenExpiresIn: number | null;
}

export interface RenewedToken extends IssuedToken {
  conversationId: string;
}

export interface SessionResponse extends IssuedToken {
  conversationId: string;
  owner: Owner;
  inbox: InboxSettings;
  online: boolean;
  messages: WidgetMessage[];
}

export interface MessagesResponse {
  owner: Owner;
  messages: WidgetMessage[];
}

export interface PostMessageResponse {
  message: WidgetMessage;
  duplicate: boolean;
}

export interface SessionRequest {
  visitorToken?: string;
  userId?: string;
  userHash?: string;
  name?: string;
  email?: string;
}

export interface TypingEvent {
  who: 'bot' | 'agent';
  replyTo: string;
}

export interface TokenEvent {
  replyTo: string;
  text: string;
}

export interface DiscardEvent {
  replyTo: string;
}

export type StreamEvent =
  | { type: 'ready'; owner: Owner }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'typing'; typing: TypingEvent }
  | { type: 'token'; token: TokenEvent }
  | { type: 'reset'; token: TokenEvent }
  | { type: 'discard'; discard: DiscardEvent }
  | { type: 'owner'; owner: Owner };

export const STREAM_EVENT_TYPES = ['ready', 'message', 'typing', 'token', 'reset', 'discard', 'owner'] as const;
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number];

export function isHumanOwner(owner: Owner): boolean {
  return owner === 'queued' || owner === 'agent';
}
