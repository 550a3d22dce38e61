import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { Conversation, ConversationOwner, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource, EntityManager } from 'typeorm';
import { OwnershipAction, OwnershipEventName, transition } from './ownership.state-machine';

export interface OwnershipChangedEvent {
  name: OwnershipEventName;
  workspaceId: string;
  conversationId: string;
  from: ConversationOwner;
  to: ConversationOwner;
  agentId: string | null;
  at: Date;
}

export class ConversationNotFoundError extends Error {
  constructor(readonly conversationId: string) {
    super(`Conversation ${conversationId} not found`);
    this.name = 'ConversationNotFoundError';
  }
}

/** Applies ownership transitions to stored conversations, one row lock at a time, and emits their domain events. */
@Injectable()
export class ConversationOwnershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Runs in the caller's transaction when given one. The row is locked, so a customer message and an
   * agent's claim that race are serialised: whichever commits second sees the other's owner.
   */
  async apply(
    workspaceId: WorkspaceId,
    conversationId: string,
    action: OwnershipAction,
    options: { agentId?: string | null; manager?: EntityManager } = {},
  ): Promise<OwnershipChangedEvent> {
    const run = async (manager: EntityManager): Promise<OwnershipChangedEvent> => {
      const conversation = await manager.getRepository(Conversation).findOne({
        where: { id: conversationId, workspaceId: asWorkspaceId(workspaceId) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!conversation) throw new ConversationNotFoundError(conversationId);
      const result = transition(conversation.owner, action);
      const assigneeId =
        result.to === 'agent' ? (options.agentId ?? null) : result.to === 'bot' ? null : conversation.assigneeId;
      await manager
        .getRepository(Conversation)
        .update({ id: conversation.id, workspaceId }, { owner: result.to, assigneeId, lastActivityAt: new Date() });
      return {
        name: result.event,
        workspaceId,
        conversationId,
        from: result.from,
        to: result.to,
        agentId: options.agentId ?? null,
        at: new Date(),
      };
    };
    const event = options.manager ? await run(options.manager) : await this.dataSource.transaction(run);
    this.events.emit(event.name, event);
    return event;
  }
}
