import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ContactInbox,
  Conversation,
  TenantRepository,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
} from '@switchboard/database';
import { EntityManager, In, Repository } from 'typeorm';

/** One retention batch: the conversations deleted, and the attachment entries their messages held. */
export interface IdleBatch {
  conversationIds: string[];
  attachments: unknown[];
}

/** When the conversations the CSAT idle sweep looks at last saw activity: from `since` to just before `before`. */
export interface IdleRange {
  since: Date;
  before: Date;
}

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
   * Deletes up to `limit` of the workspace's conversations idle since before `cutoff`, in one short statement that
   * skips rows another transaction holds (they go in a later batch); their messages go with them (ON DELETE CASCADE).
   * Returns the deleted ids and the attachment entries their messages held (read in the same statement, whose
   * snapshot still shows the messages), so the files can be deleted too.
   */
  async deleteIdleBatch(workspaceId: WorkspaceId, cutoff: Date, limit: number): Promise<IdleBatch> {
    const [row]: Array<{ ids: string[]; attachments: unknown[] }> = await this.repository.query(
      `WITH gone AS (
         DELETE FROM conversations WHERE id IN (
           SELECT id FROM conversations WHERE "workspaceId" = $1 AND "lastActivityAt" < $2
            ORDER BY "lastActivityAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, "lastActivityAt")
       SELECT (SELECT coalesce(json_agg(id ORDER BY "lastActivityAt", id), '[]') FROM gone) AS ids,
              (SELECT coalesce(jsonb_agg(entry), '[]') FROM messages m
                 CROSS JOIN LATERAL jsonb_array_elements(
                   CASE WHEN jsonb_typeof(m.metadata->'attachments') = 'array' THEN m.metadata->'attachments'
                        ELSE '[]' END) AS entry
                WHERE m."conversationId" IN (SELECT id FROM gone)) AS attachments`,
      [asWorkspaceId(workspaceId), cutoff, limit],
    );
    return { conversationIds: row?.ids ?? [], attachments: row?.attachments ?? [] };
  }

  /** The workspaces having a bot-owned conversation last active in `idle` that nobody asked to rate yet. */
  async workspacesWithIdleBotConversations(idle: IdleRange): Promise<WorkspaceId[]> {
    const rows: Array<{ workspaceId: WorkspaceId }> = await this.repository.query(
      `SELECT DISTINCT "workspaceId" FROM conversations
        WHERE owner = 'bot' AND "ratingRequestedAt" IS NULL AND "lastActivityAt" >= $1 AND "lastActivityAt" < $2`,
      [idle.since, idle.before],
    );
    return rows.map((row) => asWorkspaceId(row.workspaceId));
  }

  /**
   * Claims up to `limit` of the workspace's conversations the bot still owns, last active in `idle`, with at
   * least one bot answer and no rating request yet: sets their ratingRequestedAt in one short statement that skips
   * rows another transaction holds (a message being written, another sweep's claim), so each is claimed once.
   * Returns the claimed ids, longest idle first.
   */
  async claimIdleForRating(workspaceId: WorkspaceId, idle: IdleRange, limit: number, now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.repository.query(
      `WITH claimed AS (
         UPDATE conversations SET "ratingRequestedAt" = $4
          WHERE id IN (
            SELECT c.id FROM conversations c
             WHERE c."workspaceId" = $1 AND c.owner = 'bot' AND c."ratingRequestedAt" IS NULL
               AND c."lastActivityAt" < $2 AND c."lastActivityAt" >= $5
               AND EXISTS (SELECT 1 FROM messages m
                            WHERE m."conversationId" = c.id AND m.author = 'bot' AND m.kind = 'answer'
                              AND NOT m.private)
             ORDER BY c."lastActivityAt", c.id LIMIT $3 FOR UPDATE SKIP LOCKED)
            AND owner = 'bot' AND "ratingRequestedAt" IS NULL
         RETURNING id, "lastActivityAt")
       SELECT id FROM claimed ORDER BY "lastActivityAt", id`,
      [asWorkspaceId(workspaceId), idle.before, limit, now, idle.since],
    );
    return rows.map((row) => row.id);
  }

  /** Records the first rating request of the conversation (a later one keeps the first time). */
  async markRatingRequested(workspaceId: WorkspaceId, conversationId: string, at: Date): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ ratingRequestedAt: () => 'coalesce("ratingRequestedAt", :at)' })
      .setParameter('at', at)
      .where('id = :id AND "workspaceId" = :workspaceId', { id: conversationId, workspaceId })
      .execute();
  }

  /** Gives back a claim the sweep could not act on (the customer wrote in the meantime): a later sweep may ask. */
  async releaseRatingClaim(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    await this.repository.update(
      { id: conversationId, workspaceId: asWorkspaceId(workspaceId) },
      { ratingRequestedAt: null },
    );
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

  /**
   * A visitor nobody has seen (a source id just minted): their contact, its identity in the inbox and a bot-owned
   * conversation, created in one statement.
   */
  async openForNewContact(
    workspaceId: WorkspaceId,
    visitor: { inboxId: string; sourceId: string; name: string | null; email: string | null },
  ): Promise<{ contactId: string; conversationId: string }> {
    const rows: Array<{ contactId: string; conversationId: string }> = await this.repository.query(
      `WITH contact AS (
         INSERT INTO contacts ("workspaceId", name, email) VALUES ($1, $4, $5) RETURNING id
       ), identity AS (
         INSERT INTO contact_inboxes ("workspaceId", "contactId", "inboxId", "sourceId")
         SELECT $1, contact.id, $2, $3 FROM contact
       ), opened AS (
         INSERT INTO conversations ("workspaceId", "inboxId", "contactId", owner, version)
         SELECT $1, $2, contact.id, 'bot', 1 FROM contact RETURNING id, "contactId"
       )
       SELECT "contactId", id AS "conversationId" FROM opened`,
      [asWorkspaceId(workspaceId), visitor.inboxId, visitor.sourceId, visitor.name, visitor.email],
    );
    return rows[0];
  }

  /** The id of the latest conversation of the contact behind (inboxId, sourceId), or null when there is none. */
  async latestIdOfSource(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<string | null> {
    const row = await this.repository
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .innerJoin(
        ContactInbox,
        'ci',
        'ci.contactId = c.contactId AND ci.inboxId = c.inboxId AND ci.workspaceId = c.workspaceId',
      )
      .where('c.workspaceId = :workspaceId AND c.inboxId = :inboxId AND ci.sourceId = :sourceId', {
        workspaceId: asWorkspaceId(workspaceId),
        inboxId,
        sourceId,
      })
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  /** These conversations with their inbox and contact, in one query; ids that are unknown or not UUIDs are left out. */
  withParties(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<Conversation[]> {
    const ids = [...new Set(conversationIds.filter(isUuid))];
    if (ids.length === 0) return Promise.resolve([]);
    return this.repository.find({
      where: { workspaceId: asWorkspaceId(workspaceId), id: In(ids) },
      relations: { inbox: true, contact: true },
    });
  }

  /** Of these ids, the ones that are conversations of the workspace (still there), in one query. */
  async existingIds(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(conversationIds.filter(isUuid))];
    if (ids.length === 0) return new Set();
    const rows = await this.repository.find({
      where: { workspaceId: asWorkspaceId(workspaceId), id: In(ids) },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }
}
