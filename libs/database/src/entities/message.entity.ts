import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Conversation } from './conversation.entity';
import { MessageFeedback, MessageKind, MessageMetadata } from './message-metadata';
import { TenantEntity } from './tenant-columns';

export type MessageDirection = 'incoming' | 'outgoing' | 'activity';
export type MessageAuthor = 'contact' | 'bot' | 'agent' | 'system';
export type DeliveryStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'failed';

@Entity('messages')
@Index(['conversationId', 'createdAt'])
@Index(['conversationId', 'clientMessageId'], { unique: true, where: '"clientMessageId" IS NOT NULL' })
// A queued answer checks whether its question was already answered.
@Index(['replyToMessageId'], { where: '"replyToMessageId" IS NOT NULL' })
// The support report counts answered conversations, and ratings, in a time window.
@Index(['workspaceId', 'createdAt'], { where: `"kind" = 'answer'` })
@Index(['workspaceId', 'createdAt'], { where: '"feedback" IS NOT NULL' })
export class Message extends TenantEntity {
  @Column('uuid')
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversationId' })
  conversation?: Conversation;

  @Column({ type: 'varchar', length: 16 })
  direction!: MessageDirection;

  @Column({ type: 'varchar', length: 16 })
  author!: MessageAuthor;

  /** The agent who wrote it, for author = agent. */
  @Column({ type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ type: 'text' })
  content!: string;

  /** An internal note: shown to agents, never sent to the customer. */
  @Column({ type: 'boolean', default: false })
  private!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  deliveryStatus!: DeliveryStatus;

  /** Idempotency key chosen by the client (widget retries, e-mail Message-ID, Slack event id). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  clientMessageId!: string | null;

  /** What the message is: a plain message, a bot answer, a handoff or offline notice, or a transcript activity. */
  @Column({ type: 'varchar', length: 16, default: 'message' })
  kind!: MessageKind;

  /** The customer message a bot or agent reply answers. */
  @Column({ type: 'uuid', nullable: true })
  replyToMessageId!: string | null;

  @ManyToOne(() => Message, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'replyToMessageId' })
  replyToMessage?: Message | null;

  /** The customer's rating of a bot answer. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  feedback!: MessageFeedback | null;

  /** Per-kind details nothing queries: citations and confidence of an answer, channel ids, an activity's event. */
  @Column({ type: 'jsonb', default: {} })
  metadata!: MessageMetadata;

  /**
   * The content's words for full-text search, as written ('simple': lower-cased, no stemming, no stop word dropped), so
   * every language is indexed alike; a query reaches English inflections by stem prefixes instead (README,
   * "Conversation search", has the measurement behind it).
   */
  // A GIN index, which TypeORM cannot declare: created by the migration, and left alone by the schema diff.
  @Index('IDX_messages_search_vector', { synchronize: false })
  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('simple'::regconfig, "content")`,
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: string;
}
