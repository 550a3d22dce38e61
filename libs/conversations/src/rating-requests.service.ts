import { Injectable } from '@nestjs/common';
import type { WorkspaceId } from '@switchboard/database';
import { ConversationsRepository, IdleRange } from './conversations.repository';

export type { IdleRange };

/**
 * When a conversation was first asked to be rated (conversations.ratingRequestedAt), and the idle sweep's claim of
 * bot conversations nobody asked yet. libs/csat decides when to ask; this only records it.
 */
@Injectable()
export class RatingRequestsService {
  constructor(private readonly conversations: ConversationsRepository) {}

  workspacesWithIdleBotConversations(idle: IdleRange): Promise<WorkspaceId[]> {
    return this.conversations.workspacesWithIdleBotConversations(idle);
  }

  /** One batch of the sweep: see ConversationsRepository.claimIdleForRating. */
  claimIdle(workspaceId: WorkspaceId, idle: IdleRange, limit: number, now = new Date()): Promise<string[]> {
    return this.conversations.claimIdleForRating(workspaceId, idle, limit, now);
  }

  markRequested(workspaceId: WorkspaceId, conversationId: string, at = new Date()): Promise<void> {
    return this.conversations.markRatingRequested(workspaceId, conversationId, at);
  }

  releaseClaim(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    return this.conversations.releaseRatingClaim(workspaceId, conversationId);
  }
}
