import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Conversation, TenantRepository, WorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** The conversations table: what TenantRepository has no word for. */
@Injectable()
export class ConversationsRepository extends TenantRepository<Conversation> {
  constructor(@InjectRepository(Conversation) repository: Repository<Conversation>) {
    super(repository);
  }

  override withManager(manager: EntityManager): ConversationsRepository {
    return new ConversationsRepository(manager.getRepository(Conversation));
  }

  /**
   * Marks activity on the conversation now and returns it, holding its row lock until the transaction ends (an
   * UPDATE locks as FOR UPDATE does): the lock and the touch of every new message in one statement. Null when the
   * workspace has no such conversation.
   */
  async touchLocked(workspaceId: WorkspaceId, id: string): Promise<Conversation | null> {
    if (!isUuid(id)) return null;
    const updated = await this.repository
      .createQueryBuilder()
      .update()
      .set({ lastActivityAt: () => 'clock_timestamp()', version: () => 'version + 1' })
      .where('id = :id AND "workspaceId" = :workspaceId', { id, workspaceId })
      .returning('*')
      .execute();
    const row = (updated.raw as Array<Partial<Conversation>>)[0];
    return row ? this.repository.create(row) : null;
  }

  /**
   * Serialises the transaction with any other opening a conversation for this external thread of the inbox, until it
   * ends (a transaction-scoped advisory lock): deliveries racing on a new thread get one conversation.
   */
  async lockThread(inboxId: string, externalThreadId: string): Promise<void> {
    await this.repository.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `thread:${inboxId}:${externalThreadId}`,
    ]);
  }
}
