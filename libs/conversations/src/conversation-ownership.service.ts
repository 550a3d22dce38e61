import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Conversation,
  ConversationOwner,
  TenantRepository,
  UnitOfWork,
  Work,
  WorkspaceId,
} from '@switchboard/database';
import { Repository } from 'typeorm';
import { OwnershipAction, OwnershipEventName, transition } from './ownership.state-machine';

export interface OwnershipChangedEvent {
  name: OwnershipEventName;
  workspaceId: WorkspaceId;
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

/** Applies ownership transitions to stored conversations, one row lock at a time, and raises their domain events. */
@Injectable()
export class ConversationOwnershipService {
  private readonly conversations: TenantRepository<Conversation>;

  constructor(
    @InjectRepository(Conversation) conversations: Repository<Conversation>,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.conversations = new TenantRepository(conversations);
  }

  /**
   * Joins the caller's unit of work when given one; the event is published after that unit commits. The row is
   * locked, so a customer message and an agent's claim that race are serialised: whichever commits second sees the
   * other's owner.
   */
  apply(
    workspaceId: WorkspaceId,
    conversationId: string,
    action: OwnershipAction,
    options: { agentId?: string | null; work?: Work } = {},
  ): Promise<OwnershipChangedEvent> {
    return this.unitOfWork.run(
      workspaceId,
      async (work) => {
        const conversations = this.conversations.withManager(work.manager);
        const conversation = await conversations.findById(workspaceId, conversationId, { lock: 'update' });
        if (!conversation) throw new ConversationNotFoundError(conversationId);
        const result = transition(conversation.owner, action);
        const assigneeId =
          result.to === 'agent' ? (options.agentId ?? null) : result.to === 'bot' ? null : conversation.assigneeId;
        await conversations.update(workspaceId, conversation.id, {
          owner: result.to,
          assigneeId,
          lastActivityAt: new Date(),
        });
        const event: OwnershipChangedEvent = {
          name: result.event,
          workspaceId,
          conversationId,
          from: result.from,
          to: result.to,
          agentId: options.agentId ?? null,
          at: new Date(),
        };
        work.raise(event);
        return event;
      },
      options.work,
    );
  }
}
