import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Conversation } from './conversation.entity';
import { TenantEntity } from './tenant-columns';

export type MessageDirection = 'incoming' | 'outgoing' | 'activity';
export type MessageAuthor = 'contact' | 'bot' | 'agent' | 'system';
export type DeliveryStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'failed';

@Entity('messages')
@Index(['conversationId', 'createdAt'])
@Index(['conversationId', 'clientMessageId'], { unique: true, where: '"clientMessageId" IS NOT NULL' })
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

  /** Citations, confidence, channel ids and other per-message details. */
  @Column({ type: 'jsonb', default: {} })
  metadata!: Record<string, unknown>;
}
