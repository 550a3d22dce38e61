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
 * to answer is read, without conversations depending on them. Each hook names the owners (at receipt) it acts on, so
 * a message that no hook acts on can be stored in one statement.
 */
@Injectable()
export class CustomerMessageHooksRegistry {
  private readonly hooks: Array<{ hook: CustomerMessageHook; owners: readonly ConversationOwner[] }> = [];

  register(hook: CustomerMessageHook, owners: readonly ConversationOwner[]): void {
    this.hooks.push({ hook, owners });
  }

  /** Whether a hook acts on a message that arrives while the conversation has this owner. */
  actOn(owner: ConversationOwner): boolean {
    return this.hooks.some(({ owners }) => owners.includes(owner));
  }

  async run(context: CustomerMessageContext): Promise<void> {
    for (const { hook, owners } of this.hooks) if (owners.includes(context.ownerBefore)) await hook(context);
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

/** Whether a hook acts on the outgoing messages of this conversation (a queued channel's, not a live one's). */
export type OutgoingMessageHookScope = (workspaceId: WorkspaceId, conversationId: string) => Promise<boolean>;

/**
 * Lets channels act on a stored outgoing message inside its transaction (a queued channel writes its delivery job
 * to the outbox there), so a message is never stored without its delivery. Each hook says which conversations it
 * acts on, so a message that no hook acts on can be stored in one statement.
 */
@Injectable()
export class OutgoingMessageHooksRegistry {
  private readonly hooks: Array<{ hook: OutgoingMessageHook; actsOn: OutgoingMessageHookScope }> = [];
  private readonly liveDelivery: OutgoingMessageHookScope[] = [];

  /** A channel that delivers a conversation's messages as they are stored (the live stream, with history behind it). */
  registerLiveDelivery(deliversOnStore: OutgoingMessageHookScope): void {
    this.liveDelivery.push(deliversOnStore);
  }

  /** Whether the conversation's channel delivers its messages as they are stored: they are stored as sent. */
  async deliveredOnStore(workspaceId: WorkspaceId, conversationId: string): Promise<boolean> {
    for (const delivers of this.liveDelivery) if (await delivers(workspaceId, conversationId)) return true;
    return false;
  }

  register(hook: OutgoingMessageHook, actsOn: OutgoingMessageHookScope): void {
    this.hooks.push({ hook, actsOn });
  }

  /** Whether any hook acts on the outgoing messages of this conversation. */
  async actOn(workspaceId: WorkspaceId, conversationId: string): Promise<boolean> {
    for (const { actsOn } of this.hooks) if (await actsOn(workspaceId, conversationId)) return true;
    return false;
  }

  async run(context: OutgoingMessageContext): Promise<void> {
    for (const { hook } of this.hooks) await hook(context);
  }
}
