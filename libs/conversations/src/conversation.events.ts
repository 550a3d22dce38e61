import { Message, MessageAuthor, MessageDirection, WorkspaceId } from '@switchboard/database';
import { OwnershipEventName } from './ownership.state-machine';

export const MESSAGE_CREATED = 'message.created';

/** Published after the message has committed; listeners load the message themselves when they need its content. */
export interface MessageCreatedEvent {
  name: typeof MESSAGE_CREATED;
  workspaceId: WorkspaceId;
  conversationId: string;
  messageId: string;
  author: MessageAuthor;
  direction: MessageDirection;
  agentId: string | null;
  private: boolean;
  at: Date;
  /** The stored message, in this process only: a listener that shows it needs no read-back. */
  message: Message;
}

// Listed rather than matched with a wildcard: the api's EventEmitterModule runs without wildcards.
export const OWNERSHIP_EVENT_NAMES: readonly OwnershipEventName[] = [
  'conversation.handed_off',
  'conversation.claimed',
  'conversation.released',
  'conversation.handed_back',
  'conversation.resolved',
  'conversation.reopened',
];
