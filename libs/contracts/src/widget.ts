// The widget's side of the HTTP contract (docs/widget-and-console-http.md, "Widget"). Plain types and constants
// only: the widget is a browser bundle, so nothing here may import Nest, Node or another lib.
import type { WidgetEvents } from './events';
import type { BodyOf, QueryOf, ResponseOf } from './routes';

export const MESSAGE_AUTHORS = ['contact', 'bot', 'agent', 'system'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

export const MESSAGE_KINDS = ['message', 'answer', 'handoff', 'offline', 'activity'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const CONVERSATION_OWNERS = ['bot', 'queued', 'agent', 'resolved'] as const;
export type ConversationOwner = (typeof CONVERSATION_OWNERS)[number];

export const RATINGS = ['up', 'down'] as const;
export type Rating = (typeof RATINGS)[number];

/** A source a bot answer cites: index, title and url only, since document ids are internal. */
export interface Citation {
  index: number;
  title: string;
  url: string | null;
}

/** The file types a customer may attach, sniffed from the file's first bytes. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** A file a customer attached to a message (a widget upload). */
export interface MessageFile {
  id: string;
  /** The visitor's file name, sanitised: display only. */
  name: string;
  contentType: AttachmentType;
  size: number;
  /** An image: the console shows a preview; a PDF is a download only. */
  previewable: boolean;
}

/** A message as the widget shows it. */
export interface WidgetMessage {
  id: string;
  author: MessageAuthor;
  content: string;
  createdAt: string;
  clientMessageId: string | null;
  /** The agent's name, on agents' messages. */
  agentName: string | null;
  kind: MessageKind;
  citations: Citation[];
  confidence: number | null;
  /** An offline message: the widget shows the e-mail form. */
  collectEmail: boolean;
  /** The customer message a bot message answers: its streamed draft is replaced by this message. */
  replyTo: string | null;
  /** The bot asks the customer to confirm an action (e.g. cancel an order): the widget shows Yes / No buttons. */
  confirmation: { action: string } | null;
  /** The files the customer attached to this message; absent when none. */
  attachments?: MessageFile[];
  /** The bot asks the customer to rate the conversation: the widget shows 1–5 stars and a comment box. */
  ratingRequest: boolean;
  /** On a rating request: the rating the customer already gave (shown after a reload); absent when none. */
  rating?: WidgetCsatRating;
}

/** The customer's rating of their conversation, as the widget shows it back. */
export interface WidgetCsatRating {
  score: number;
  comment: string | null;
  /** Until when the rating can still be changed. */
  changeableUntil: string;
}

/** The inbox's appearance, public: the widget styles itself with it before a session exists. */
export interface WidgetLook {
  title: string;
  color: string | null;
  greeting: string | null;
  locale: string;
  /** UI strings in the locale, overriding the widget's own. */
  strings: Record<string, string>;
}

export interface IssuedVisitorToken {
  visitorToken: string;
  /** ISO time the token stops opening widget routes. */
  visitorTokenExpiresAt: string;
  /** Seconds from issue until then: what the widget schedules renewal on, whatever the browser's clock says. */
  visitorTokenExpiresIn: number;
}

export interface WidgetSessionRequest {
  /** The token of an earlier session, kept by the browser. */
  visitorToken?: string;
  /** The host page's id for the signed-in user. */
  userId?: string;
  /** Hex HMAC-SHA256 of userId under the inbox's identity secret. */
  userHash?: string;
  name?: string;
  email?: string;
}

export interface WidgetSession extends IssuedVisitorToken {
  conversationId: string;
  owner: ConversationOwner;
  inbox: WidgetLook;
  /** An agent is reachable now. */
  online: boolean;
  messages: WidgetMessage[];
}

export interface RenewedVisitorToken extends IssuedVisitorToken {
  conversationId: string;
}

/** The widget's routes under `/v1/widget/:inboxKey/`, by `METHOD path`: what each takes and answers. */
export interface WidgetRoutes {
  'GET look': { response: { inbox: WidgetLook } };
  'POST session': { body: WidgetSessionRequest; response: WidgetSession };
  /** The token to renew goes as `Bearer`. */
  'POST session/renew': { body: Record<string, never>; response: RenewedVisitorToken };
  /** History, oldest first; `after` gives only what follows that message. */
  'GET messages': {
    query: { after?: string };
    response: { owner: ConversationOwner; messages: WidgetMessage[] };
  };
  /** Answered 202: the bot's answer comes on the event stream. */
  'POST messages': {
    body: { clientMessageId: string; content: string };
    response: { message: WidgetMessage; duplicate: boolean };
  };
  'GET events': { events: WidgetEvents };
  'POST feedback': { body: { messageId: string; rating: Rating }; response: { handedOff: boolean } };
  'POST handoff': { body: Record<string, never>; response: { owner: ConversationOwner } };
  'POST contact': { body: { email: string }; response: { ok: true } };
  /** The request body is the file's raw bytes (not JSON); answered 202 like a message, never by the bot. */
  'POST attachments': {
    query: { name?: string; clientMessageId?: string };
    response: { message: WidgetMessage; duplicate: boolean };
  };
  /** Rates the conversation (1–5, optional comment) in answer to the bot's rating request; again within the window changes it. */
  'POST csat': {
    body: { messageId: string; score: number; comment?: string };
    response: { rating: WidgetCsatRating };
  };
  /** "End chat" on a conversation with the bot: it is resolved and the bot asks for a rating. */
  'POST end': { body: Record<string, never>; response: { owner: ConversationOwner } };
}

export type WidgetRoute = keyof WidgetRoutes;
export type WidgetResponse<Route extends WidgetRoute> = ResponseOf<WidgetRoutes[Route]>;
export type WidgetRequest<Route extends WidgetRoute> = BodyOf<WidgetRoutes[Route]>;
export type WidgetQuery<Route extends WidgetRoute> = QueryOf<WidgetRoutes[Route]>;
