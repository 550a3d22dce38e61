import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { CannedReply, TenantRepository, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, QueryFailedError } from 'typeorm';
import { CannedReplyLimitError, DuplicateCannedReplyError } from './canned-reply.errors';

const UNIQUE_VIOLATION = '23505';
// Namespace of the two-key advisory lock that serialises canned-reply creation within a workspace.
const CANNED_REPLY_LOCK = 5_110_212;

/** The only TypeORM access to `canned_replies`. */
@Injectable()
export class CannedRepliesRepository {
  private readonly replies: TenantRepository<CannedReply>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.replies = new TenantRepository(manager.getRepository(CannedReply));
  }

  /** By short code, as agents look them up. */
  list(workspaceId: WorkspaceId): Promise<CannedReply[]> {
    return this.replies.find(workspaceId, { order: { shortCode: 'ASC' } });
  }

  /**
   * Inserts the reply unless the workspace already has `limit` (CannedReplyLimitError) or one with its short code
   * (DuplicateCannedReplyError). Counted and inserted under one lock, so two admins racing cannot both take the
   * last slot.
   */
  async createWithinLimit(
    workspaceId: WorkspaceId,
    values: Pick<CannedReply, 'shortCode' | 'content'>,
    limit: number,
  ): Promise<CannedReply> {
    asWorkspaceId(workspaceId);
    try {
      return await this.manager.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CANNED_REPLY_LOCK, workspaceId]);
        const replies = this.replies.withManager(manager);
        if ((await replies.count(workspaceId)) >= limit) throw new CannedReplyLimitError(limit);
        return replies.create(workspaceId, values);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DuplicateCannedReplyError(values.shortCode);
      }
      throw error;
    }
  }

  delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.replies.delete(workspaceId, id);
  }
}
