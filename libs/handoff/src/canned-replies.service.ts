import { Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { CannedReply, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { CannedRepliesRepository } from './canned-replies.repository';
import { InvalidCannedReplyError } from './canned-reply.errors';

export const CANNED_REPLY_SHORT_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const CANNED_REPLY_MAX_CHARS = 5000;
export const CANNED_REPLIES_PER_WORKSPACE = 500;

/** Replies agents insert by short code; shared by the workspace, managed by admins. */
@Injectable()
export class CannedRepliesService {
  constructor(
    private readonly replies: CannedRepliesRepository,
    private readonly audit: AuditLog,
  ) {}

  list(workspaceId: WorkspaceId): Promise<CannedReply[]> {
    return this.replies.list(workspaceId);
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
    const created = await this.replies.createWithinLimit(
      workspaceId,
      { shortCode, content: input.content },
      CANNED_REPLIES_PER_WORKSPACE,
    );
    const target = { type: 'canned_reply', id: created.id };
    await this.audit.record(workspaceId, { action: 'canned_reply.created', target, after: created });
    return created;
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const before = (await this.replies.list(workspaceId)).find((reply) => reply.id === id);
    if (!before || !(await this.replies.delete(workspaceId, id))) return false;
    await this.audit.record(workspaceId, {
      action: 'canned_reply.deleted',
      target: { type: 'canned_reply', id },
      before,
    });
    return true;
  }
}
