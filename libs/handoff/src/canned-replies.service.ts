import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CannedReply, TenantRepository, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource, QueryFailedError } from 'typeorm';

export const CANNED_REPLY_SHORT_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const CANNED_REPLY_MAX_CHARS = 5000;
export const CANNED_REPLIES_PER_WORKSPACE = 500;

const UNIQUE_VIOLATION = '23505';
// Namespace of the two-key advisory lock that serialises canned-reply creation within a workspace.
const CANNED_REPLY_LOCK = 5_110_212;

export class DuplicateCannedReplyError extends Error {
  constructor(readonly shortCode: string) {
    super(`A canned reply with short code "${shortCode}" already exists`);
    this.name = 'DuplicateCannedReplyError';
  }
}

export class CannedReplyLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A workspace has at most ${limit} canned replies: delete one first`);
    this.name = 'CannedReplyLimitError';
  }
}

export class InvalidCannedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCannedReplyError';
  }
}

/** Replies agents insert by short code; shared by the workspace, managed by admins. */
@Injectable()
export class CannedRepliesService {
  private readonly replies: TenantRepository<CannedReply>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.replies = new TenantRepository(dataSource.getRepository(CannedReply));
  }

  list(workspaceId: WorkspaceId): Promise<CannedReply[]> {
    return this.replies.find(workspaceId, { order: { shortCode: 'ASC' } });
  }

  async create(workspaceId: WorkspaceId, input: { shortCode: string; content: string }): Promise<CannedReply> {
    asWorkspaceId(workspaceId);
    const shortCode = input.shortCode;
    if (!CANNED_REPLY_SHORT_CODE.test(shortCode)) {
      throw new InvalidCannedReplyError(
        'A short code is 1 to 40 of a-z, 0-9, "_" and "-", starting with a letter or digit',
      );
    }
    if (input.content.trim().length === 0 || input.content.length > CANNED_REPLY_MAX_CHARS) {
      throw new InvalidCannedReplyError(`A canned reply has 1 to ${CANNED_REPLY_MAX_CHARS} characters`);
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Count and insert under one lock, so two admins racing cannot both take the last slot.
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CANNED_REPLY_LOCK, workspaceId]);
        const replies = this.replies.withManager(manager);
        if ((await replies.count(workspaceId)) >= CANNED_REPLIES_PER_WORKSPACE) {
          throw new CannedReplyLimitError(CANNED_REPLIES_PER_WORKSPACE);
        }
        return replies.create(workspaceId, { shortCode, content: input.content });
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DuplicateCannedReplyError(shortCode);
      }
      throw error;
    }
  }

  delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.replies.delete(workspaceId, id);
  }
}
