export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What travels over the bus: domain events (ids and state, never a message's content). */
export type RealtimeEvent = {
  kind: 'domain';
  name: string;
  workspaceId: string;
  conversationId: string | null;
  data: { [key: string]: JsonValue };
};

export type RealtimeListener = (event: RealtimeEvent) => void;

export type Unsubscribe = () => Promise<void>;

export interface SubscribeOptions {
  /**
   * Called when the subscription is live again after Redis was down: events published meanwhile were not
   * delivered, so the client should catch up from stored state.
   */
  onResumed?: () => void;
}

/** Domain event payloads are plain objects with dates: make them JSON-safe for the wire. */
export function toJsonObject(value: object): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}
