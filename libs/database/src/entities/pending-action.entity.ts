import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Conversation } from './conversation.entity';
import { TenantEntity } from './tenant-columns';

/** What a pending action waits for: the arguments the bot asked for, or the customer's yes to a side effect. */
export type PendingActionAwaiting = 'arguments' | 'confirmation';

/** An action the bot started in a conversation and that waits for the customer's next message (one per conversation). */
@Entity('pending_actions')
@Index(['workspaceId', 'conversationId'], { unique: true })
export class PendingActionState extends TenantEntity {
  @Column({ type: 'uuid' })
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversationId' })
  conversation?: Conversation;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The text arguments known so far (identity parameters are never stored: they come from the verified customer). */
  @Column({ type: 'jsonb', default: {} })
  arguments!: Record<string, string>;

  /** Required parameters still without a value. */
  @Column({ type: 'jsonb', default: [] })
  missing!: string[];

  @Column({ type: 'varchar', length: 16 })
  awaiting!: PendingActionAwaiting;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
