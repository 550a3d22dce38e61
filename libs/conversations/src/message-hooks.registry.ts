import { Injectable } from '@nestjs/common';
import { Conversation, ConversationOwner, Message, Work, WorkspaceId } from '@switchboard/database';
import { EntityManager } from 'typeorm';

export interface CustomerMessageContext {
  /** The unit of work that holds the conversation's row lock and stored the message; hooks raise their events on it. */
  work: Work;
  conversation: Conversation;
  /** Owner when the message arrived, before a resolved conversation was reopened. */
  ownerBefore: ConversationOwner;
  message: Message;
}

export type CustomerMessageHook = (context: CustomerMessageContext) => Promise<void>;

/**
 * Lets higher libs (handoff) act on a new customer message inside its transaction, before the bot's right
 * to answer is read, without conversations depending on them.
 */
@Injectable()
export class CustomerMessageHooksRegistry {
  private readonly hooks: CustomerMessageHook[] = [];

  register(hook: CustomerMessageHook): void {
    this.hooks.push(hook);
  }

  async run(context: CustomerMessageContext): Promise<void> {
    for (const hook of this.hooks) await hook(context);
  }
}

export interface OutgoingMessageContext {
  /** The transaction that stored the message. */
  manager: EntityManager;
  workspaceId: WorkspaceId;
  conversationId: string;
  message: Message;
}

export type OutgoingMessageHook = (context: OutgoingMessageContext) => Promise<void>;

/**
 * Lets channels act on a stored outgoing message inside its transaction (a queued channel writes its delivery job
 * to the outbox there), so a message is never stored without its delivery.
 */
@Injectable()
export class OutgoingMessageHooksRegistry {
  private readonly hooks: OutgoingMessageHook[] = [];

  register(hook: OutgoingMessageHook): void {
    this.hooks.push(hook);
  }

  async run(context: OutgoingMessageContext): Promise<void> {
    for (const hook of this.hooks) await hook(context);
  }
}
