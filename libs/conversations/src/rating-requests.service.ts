import { Injectable } from '@nestjs/common';
import type { WorkspaceId } from '@switchboard/database';
import { ConversationsRepository } from './conversations.repository';

/**
 * When a conversation was first asked to be rated (conversations.ratingRequestedAt), and the idle sweep's claim of
 * bot conversations nobody asked yet. libs/csat decides when to ask; this only records it.
 */
@Injectable()
export class RatingRequestsService {
  constructor(private readonly conversations: ConversationsRepository) {}

  workspacesWithIdleBotConversations(cutoff: Date): Promise<WorkspaceId[]> {
    return this.conversations.workspacesWithIdleBotConversations(cutoff);
  }

  /** One batch of the sweep: see ConversationsRepository.claimIdleForRating. */
  claimIdle(workspaceId: WorkspaceId, cutoff: Date, limit: number, now = new Date()): Promise<string[]> {
    return this.conversations.claimIdleForRating(workspaceId, cutoff, limit, now);
  }

  markRequested(workspaceId: WorkspaceId, conversationId: string, at = new Date()): Promise<void> {
    return this.conversations.markRatingRequested(workspaceId, conversationId, at);
  }

  releaseClaim(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    return this.conversations.releaseRatingClaim(workspaceId, conversationId);
  }
}
