// The payloads of the widget's and the console's event streams (`GET events`), by SSE event name.
import type { ConsoleMessage, TicketView } from './console';
import type { ConversationOwner, WidgetMessage } from './widget';

/** The widget's stream of one conversation; `token`, `reset` and `discard` concern the bot's draft of `replyTo`. */
export interface WidgetEvents {
  /** On connect, and again when live events resume after an outage: the widget then fetches what it missed. */
  ready: { owner: ConversationOwner };
  /** Every customer-visible stored message. */
  message: WidgetMessage;
  /** The bot (or an agent) started working on the customer's message `replyTo`. */
  typing: { who: 'bot' | 'agent'; replyTo: string };
  /** The next piece of the answer to `replyTo`. */
  token: { replyTo: string; text: string };
  /** Replace what was streamed for `replyTo` with `text`. */
  reset: { replyTo: string; text: string };
  /** Drop the streamed draft: an agent took over, or the bot handed off. */
  discard: { replyTo: string };
  owner: { owner: ConversationOwner };
}

export const WIDGET_EVENT_NAMES = [
  'ready',
  'message',
  'typing',
  'token',
  'reset',
  'discard',
  'owner',
] as const satisfies ReadonlyArray<keyof WidgetEvents>;
export type WidgetEventName = keyof WidgetEvents;

/** The console's stream of the whole workspace. */
export interface ConsoleEvents {
  ready: Record<string, never>;
  /** Every ticket change. */
  ticket: { ticket: TicketView };
  /** Every new message, internal notes included. */
  message: { conversationId: string; message: ConsoleMessage };
  /** Ownership changes. */
  conversation: { conversationId: string; owner: ConversationOwner; assigneeId: string | null };
}
export type ConsoleEventName = keyof ConsoleEvents;
