// What the widget keeps of the api's answers. The wire shapes are @switchboard/contracts'; these are the widget's
// tolerant readings of them (wire-format.ts), derived from the contract so their fields cannot drift from it.
import type {
  ConversationOwner,
  IssuedVisitorToken,
  RenewedVisitorToken,
  WidgetEvents,
  WidgetLook,
  WidgetSession,
} from '@switchboard/contracts';

/** The inbox's look as the widget keeps it, also from its own cache of an older answer: any field may be missing. */
export type InboxSettings = { [Field in Exclude<keyof WidgetLook, 'strings'>]: WidgetLook[Field] | null } & {
  strings: Record<string, unknown>;
};

/** A visitor token as the api hands it out: the widget renews it before it expires. */
export interface IssuedToken extends Pick<IssuedVisitorToken, 'visitorToken'> {
  /** Seconds until the token expires (null: an api that does not say; the widget then never renews early). */
  visitorTokenExpiresIn: IssuedVisitorToken['visitorTokenExpiresIn'] | null;
}

export type RenewedToken = IssuedToken & Pick<RenewedVisitorToken, 'conversationId'>;

export type SessionResponse = IssuedToken &
  Omit<WidgetSession, keyof IssuedVisitorToken | 'inbox'> & {
    inbox: InboxSettings;
  };

/** One event-stream frame, tagged with its event name. */
export type StreamEvent =
  | { type: 'ready'; owner: ConversationOwner }
  | { type: 'message'; message: WidgetEvents['message'] }
  | { type: 'typing'; typing: WidgetEvents['typing'] }
  | { type: 'token'; token: WidgetEvents['token'] }
  | { type: 'reset'; token: WidgetEvents['reset'] }
  | { type: 'discard'; discard: WidgetEvents['discard'] }
  | { type: 'owner'; owner: ConversationOwner };

export function isHumanOwner(owner: ConversationOwner): boolean {
  return owner === 'queued' || owner === 'agent';
}
