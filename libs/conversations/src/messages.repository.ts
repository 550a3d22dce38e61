import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Message,
  MessageAuthor,
  MessageDetails,
  MessageDirection,
  MessageFeedback,
  TenantRepository,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
} from '@switchboard/database';
import { EntityManager, In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A message as the conversations lib stores it; the columns left out take their defaults. */
export type NewMessage = MessageDetails & {
  direction: MessageDirection;
  author: MessageAuthor;
  content: string;
  agentId?: string | null;
  private?: boolean;
  clientMessageId?: string | null;
  replyToMessageId?: string | null;
  deliveryStatus?: Message['deliveryStatus'];
};

/** Authors whose messages are turns of the dialogue (not system lines). */
const DIALOGUE_AUTHORS: MessageAuthor[] = ['contact', 'bot', 'agent'];
const DIALOGUE_SQL = DIALOGUE_AUTHORS.map((author) => `'${author}'`).join(', ');

/** The `messages` table: the only file that writes it. Bind it to a unit of work with `withManager`. */
@Injectable()
export class MessagesRepository extends TenantRepository<Message> {
  constructor(@InjectRepository(Message) repository: Repository<Message>) {
    super(repository);
  }

  /** Every stored column a message is read with: `RETURNING *` would also send back the search vector. */
  private get returnedColumns(): string[] {
    return this.repository.metadata.columns.filter((column) => column.isSelect).map((column) => column.databaseName);
  }

  override withManager(manager: EntityManager): MessagesRepository {
    return new MessagesRepository(manager.getRepository(Message));
  }

  /**
   * Inserts the message and returns it as stored, in one statement (no read-back); null, with nothing written, when
   * its clientMessageId is already stored in the conversation (a retry).
   */
  async insertUnlessRetry(
    workspaceId: WorkspaceId,
    conversationId: string,
    values: NewMessage,
  ): Promise<Message | null> {
    const inserted = await this.repository
      .createQueryBuilder()
      .insert()
      .values({
        workspaceId: asWorkspaceId(workspaceId),
        conversationId,
        direction: values.direction,
        author: values.author,
        agentId: values.agentId ?? null,
        content: values.content,
        private: values.private ?? false,
        deliveryStatus: values.deliveryStatus ?? 'received',
        clientMessageId: values.clientMessageId ?? null,
        kind: values.kind,
        replyToMessageId: values.replyToMessageId ?? null,
        metadata: values.metadata as QueryDeepPartialEntity<Message['metadata']>,
        // Real time, not the transaction's start: several messages of one transaction stay in order.
        createdAt: () => 'clock_timestamp()',
      })
      .orIgnore()
      .returning(this.returnedColumns)
      .execute();
    const row = (inserted.raw as Array<Partial<Message>>)[0];
    return row ? this.repository.create(row) : null;
  }

  /**
   * Inserts the message only while the bot owns the conversation, marking the conversation's activity in the same
   * statement (which holds its row lock, as touchLocked does): one round trip, atomic by itself. With
   * `dialogueBefore`, the same statement also reads the newest that many dialogue messages before this one (newest
   * first). Null, with no message written, when the bot does not own the conversation, the workspace has no such
   * conversation, or the clientMessageId is stored.
   */
  async insertWhileBotOwns(
    workspaceId: WorkspaceId,
    conversationId: string,
    values: NewMessage,
    options: { dialogueBefore?: number } = {},
  ): Promise<{ message: Message; dialogueBefore: Message[] } | null> {
    if (!isUuid(conversationId)) return null;
    const rows: Array<Partial<Message> & { dialogueBefore: Array<Partial<Message>> }> = await this.repository.query(
      `WITH owned AS (
         UPDATE conversations
            SET "lastActivityAt" = clock_timestamp(), version = version + 1, "updatedAt" = CURRENT_TIMESTAMP
          WHERE id = $1 AND "workspaceId" = $2 AND owner = 'bot'
          RETURNING id
       ), inserted AS (
         INSERT INTO messages ("workspaceId", "conversationId", direction, author, "agentId", content, private,
                               "deliveryStatus", "clientMessageId", kind, "replyToMessageId", metadata, "createdAt")
         SELECT $2, owned.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, clock_timestamp() FROM owned
         ON CONFLICT DO NOTHING
         RETURNING ${this.returnedColumns.map((name) => `"${name}"`).join(', ')}
       )
       -- The statement's snapshot does not hold the new message: these are the ones before it.
       SELECT inserted.*, (
         SELECT coalesce(json_agg(earlier ORDER BY earlier."createdAt" DESC, earlier.id DESC), '[]'::json) FROM (
           SELECT id, author, kind, content, metadata, "createdAt" FROM messages
            WHERE "conversationId" = $1 AND "workspaceId" = $2 AND NOT private AND author IN (${DIALOGUE_SQL})
            ORDER BY "createdAt" DESC, id DESC
            LIMIT $13
         ) earlier
       ) AS "dialogueBefore"
       FROM inserted`,
      [
        conversationId,
        asWorkspaceId(workspaceId),
        values.direction,
        values.author,
        values.agentId ?? null,
        values.content,
        values.private ?? false,
        values.deliveryStatus ?? 'received',
        values.clientMessageId ?? null,
        values.kind,
        values.replyToMessageId ?? null,
        values.metadata ?? {},
        options.dialogueBefore ?? 0,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    const { dialogueBefore, ...message } = row;
    return {
      message: this.repository.create(message),
      dialogueBefore: dialogueBefore.map((earlier) =>
        this.repository.create({ ...earlier, createdAt: new Date(earlier.createdAt as unknown as string) }),
      ),
    };
  }

  /** The stored message that a message with this clientMessageId would repeat, if any. */
  findRetry(workspaceId: WorkspaceId, conversationId: string, clientMessageId: string): Promise<Message | null> {
    return this.findOne(workspaceId, { conversationId, clientMessageId });
  }

  /** A pending public outgoing message becomes sent; any other is left as it is. One statement, no read. */
  async markSentIfPending(workspaceId: WorkspaceId, messageId: string): Promise<void> {
    if (!isUuid(messageId)) return;
    await this.repository.update(
      {
        id: messageId,
        workspaceId: asWorkspaceId(workspaceId),
        private: false,
        direction: 'outgoing',
        deliveryStatus: 'pending',
      },
      { deliveryStatus: 'sent' },
    );
  }

  /** The conversation's newest `limit` messages, newest first; internal notes only when asked for. */
  newest(
    workspaceId: WorkspaceId,
    conversationId: string,
    options: { includePrivate: boolean; limit: number },
  ): Promise<Message[]> {
    return this.find(workspaceId, {
      where: { conversationId, ...(options.includePrivate ? {} : { private: false }) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: options.limit,
    });
  }

  /** The newest `limit` public messages of customer, bot and agents, newest first. */
  newestDialogue(workspaceId: WorkspaceId, conversationId: string, limit: number): Promise<Message[]> {
    return this.find(workspaceId, {
      where: { conversationId, private: false, author: In(DIALOGUE_AUTHORS) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** The message of the conversation by this author, or null (also for an id that is no UUID). */
  findByAuthor(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: string,
    author: MessageAuthor,
  ): Promise<Message | null> {
    if (!isUuid(messageId)) return Promise.resolve(null);
    return this.findOne(workspaceId, { id: messageId, conversationId, author });
  }

  /** Whether the bot has already replied to the message. */
  async botRepliedTo(workspaceId: WorkspaceId, conversationId: string, messageId: string): Promise<boolean> {
    return (await this.count(workspaceId, { conversationId, author: 'bot', replyToMessageId: messageId })) > 0;
  }

  /** The bot's newest `limit` answers in the conversation, newest first. */
  newestAnswers(workspaceId: WorkspaceId, conversationId: string, limit: number): Promise<Message[]> {
    return this.find(workspaceId, {
      where: { conversationId, author: 'bot', kind: 'answer' },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  async setFeedback(workspaceId: WorkspaceId, messageId: string, feedback: MessageFeedback): Promise<void> {
    await this.update(workspaceId, messageId, { feedback });
  }

  /** Ratings given to messages written since `since`, counted by rating. */
  async feedbackCountsSince(workspaceId: WorkspaceId, since: Date): Promise<{ up: number; down: number }> {
    const rows: Array<{ up: number; down: number }> = await this.repository.query(
      `SELECT count(*) FILTER (WHERE feedback = 'up')::int AS up,
              count(*) FILTER (WHERE feedback = 'down')::int AS down
         FROM messages
        WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND feedback IS NOT NULL`,
      [asWorkspaceId(workspaceId), since],
    );
    return { up: rows[0]?.up ?? 0, down: rows[0]?.down ?? 0 };
  }

  /**
   * Whether the workspace has this agent, who may then author messages. Agents belong to the auth lib, which sits
   * above this one (it cannot be called from here): the id is checked against its table, read only.
   */
  async isAgentOf(workspaceId: WorkspaceId, agentId: string): Promise<boolean> {
    if (!isUuid(agentId)) return false;
    const rows: unknown[] = await this.repository.query('SELECT 1 FROM agents WHERE id = $1 AND "workspaceId" = $2', [
      agentId,
      asWorkspaceId(workspaceId),
    ]);
    return rows.length > 0;
  }

  /** The message a channel stored under its own id (clientMessageId), in one conversation or anywhere in an inbox. */
  findByClientMessageId(
    workspaceId: WorkspaceId,
    clientMessageId: string,
    scope: { conversationId: string } | { inboxId: string },
  ): Promise<Pick<Message, 'id' | 'conversationId'> | null> {
    const query = this.repository
      .createQueryBuilder('m')
      .select(['m.id', 'm.conversationId'])
      .where('m.workspaceId = :workspaceId AND m.clientMessageId = :clientMessageId', {
        workspaceId: asWorkspaceId(workspaceId),
        clientMessageId,
      });
    if ('conversationId' in scope) query.andWhere('m.conversationId = :conversationId', scope);
    else query.innerJoin('conversations', 'c', 'c.id = m.conversationId AND c."inboxId" = :inboxId', scope);
    return query.getOne();
  }

  /** The latest incoming message of the conversation, up to `at`, whose metadata has this key (e-mail headers). */
  latestIncomingWith(workspaceId: WorkspaceId, conversationId: string, key: string, at: Date): Promise<Message | null> {
    return this.repository
      .createQueryBuilder('m')
      .where('m.workspaceId = :workspaceId AND m.conversationId = :conversationId', {
        workspaceId: asWorkspaceId(workspaceId),
        conversationId,
      })
      .andWhere("m.direction = 'incoming' AND m.metadata ? :key AND m.createdAt <= :at", { key, at })
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .getOne();
  }

  /** Marks an outgoing message failed and undeliverable, naming the bounce. Returns whether there was one. */
  async markUndeliverable(workspaceId: WorkspaceId, messageId: string, bounceMessageId: string): Promise<boolean> {
    const result: unknown = await this.repository.query(
      `UPDATE messages SET "deliveryStatus" = 'failed',
              metadata = metadata || jsonb_build_object('undeliverable', jsonb_build_object('at', now(), 'bounce', $3::text))
        WHERE id = $1 AND "workspaceId" = $2 AND direction = 'outgoing'`,
      [messageId, asWorkspaceId(workspaceId), bounceMessageId],
    );
    // pg answers an UPDATE with [rows, affected].
    const affected: unknown = Array.isArray(result) ? result[1] : 0;
    return typeof affected === 'number' && affected > 0;
  }

  /** The latest customer-visible message (no activity line, no note) of each conversation, by conversation id. */
  async lastVisible(
    workspaceId: WorkspaceId,
    conversationIds: readonly string[],
  ): Promise<Map<string, Pick<Message, 'content' | 'author' | 'createdAt'>>> {
    const rows: Array<Pick<Message, 'conversationId' | 'content' | 'author' | 'createdAt'>> =
      await this.repository.query(
        // One index probe per conversation (conversationId, createdAt), however long its transcript.
        `SELECT c.id AS "conversationId", m.content, m.author, m."createdAt"
         FROM unnest($2::uuid[]) AS c(id)
         CROSS JOIN LATERAL (
           SELECT content, author, "createdAt" FROM messages
            WHERE "conversationId" = c.id AND "workspaceId" = $1 AND direction <> 'activity' AND NOT private
            ORDER BY "createdAt" DESC, id DESC
            LIMIT 1
         ) m`,
        [asWorkspaceId(workspaceId), [...new Set(conversationIds.filter(isUuid))]],
      );
    return new Map(rows.map(({ conversationId, ...last }) => [conversationId, last]));
  }
}
