import { Message, MessageAuthor, MessageDirection, MessageFeedback, WorkspaceId } from '@switchboard/database';
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

export const CONVERSATION_CREATED = 'conversation.created';

/** Published after a new conversation has committed, whichever channel opened it. */
export interface ConversationCreatedEvent {
  name: typeof CONVERSATION_CREATED;
  workspaceId: WorkspaceId;
  conversationId: string;
  inboxId: string;
  contactId: string;
  at: Date;
}

export const ANSWER_FEEDBACK = 'answer.feedback';

/** Published after a customer's thumbs up or down on a bot answer has committed. */
export interface AnswerFeedbackEvent {
  name: typeof ANSWER_FEEDBACK;
  workspaceId: WorkspaceId;
  conversationId: string;
  messageId: string;
  rating: MessageFeedback;
  /** The answer's trace, when the answer was traced. */
  traceId: string | null;
  at: Date;
}
