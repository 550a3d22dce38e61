import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PendingActionState, TenantRepository, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

export type PendingActionValues = Pick<
  PendingActionState,
  'action' | 'arguments' | 'missing' | 'awaiting' | 'expiresAt'
>;

/** The only TypeORM access to `pending_actions`: one waiting action per conversation at most. */
@Injectable()
export class PendingActionsRepository extends TenantRepository<PendingActionState> {
  constructor(@InjectRepository(PendingActionState) repository: Repository<PendingActionState>) {
    super(repository);
  }

  override withManager(manager: EntityManager): PendingActionsRepository {
    return new PendingActionsRepository(manager.getRepository(PendingActionState));
  }

  /** The conversation's waiting action, if it has not expired. */
  findLive(workspaceId: WorkspaceId, conversationId: string, now: Date): Promise<PendingActionState | null> {
    return this.repository
      .createQueryBuilder('pending')
      .where('pending.workspaceId = :workspaceId AND pending.conversationId = :conversationId', {
        workspaceId: asWorkspaceId(workspaceId),
        conversationId,
      })
      .andWhere('pending.expiresAt > :now', { now })
      .getOne();
  }

  /** Keeps this action as the conversation's waiting one, replacing any other. */
  async put(workspaceId: WorkspaceId, conversationId: string, values: PendingActionValues): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(PendingActionState)
      .values({ ...values, workspaceId: asWorkspaceId(workspaceId), conversationId })
      .orUpdate(
        ['action', 'arguments', 'missing', 'awaiting', 'expiresAt', 'updatedAt'],
        ['workspaceId', 'conversationId'],
      )
      .execute();
  }

  /** Removes the conversation's waiting action; true when there was one (a confirmation is taken once). */
  async take(workspaceId: WorkspaceId, conversationId: string, id: string): Promise<boolean> {
    const result = await this.repository.delete({ workspaceId: asWorkspaceId(workspaceId), conversationId, id });
    return (result.affected ?? 0) > 0;
  }

  async clear(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    await this.repository.delete({ workspaceId: asWorkspaceId(workspaceId), conversationId });
  }
}
