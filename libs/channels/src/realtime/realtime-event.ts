import { MessageAuthor, MessageDirection } from '@switchboard/database';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A message as live clients receive it; the conversation channel only ever carries customer-visible ones. */
export interface RealtimeMessage {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  agentId: string | null;
  content: string;
  private: boolean;
  createdAt: string;
  metadata: { [key: string]: JsonValue };
}

/** What travels over the bus: a full message (delivery), or a domain event (ids and state, never content). */
export type RealtimeEvent =
  | { kind: 'message'; workspaceId: string; conversationId: string; message: RealtimeMessage }
  | {
      kind: 'domain';
      name: string;
      workspaceId: string;
      conversationId: string | null;
      data: { [key: string]: JsonValue };
    };

export type RealtimeListener = (event: RealtimeEvent) => void;

export type Unsubscribe = () => Promise<void>;

/** Domain event payloads are plain objects with dates: make them JSON-safe for the wire. */
export function toJsonObject(value: object): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}
