import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Conversation } from './conversation.entity';
import type { CsatChannel } from '@switchboard/contracts';
import { TenantEntity } from './tenant-columns';

// The wire contract owns the list; the table stores exactly it.
export { CSAT_CHANNELS } from '@switchboard/contracts';
export type { CsatChannel } from '@switchboard/contracts';

/** Longest comment kept with a rating, in characters. */
export const CSAT_COMMENT_MAX_CHARS = 2000;

/** A customer's rating (1–5) of one conversation: one row per conversation, changed in place within its window. */
@Entity('csat_ratings')
@Check('"score" BETWEEN 1 AND 5')
@Index(['workspaceId', 'conversationId'], { unique: true })
// The support report reads a window of ratings.
@Index(['workspaceId', 'submittedAt'])
@Index(['workspaceId', 'contactId'])
export class CsatRating extends TenantEntity {
  @Column('uuid')
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversationId' })
  conversation?: Conversation;

  @Column({ type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'smallint' })
  score!: number;

  @Column({ type: 'varchar', length: CSAT_COMMENT_MAX_CHARS, nullable: true })
  comment!: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel!: CsatChannel;

  /** The agent who resolved the ticket the rating is about; null when the bot handled the conversation alone. */
  @Column({ type: 'uuid', nullable: true })
  agentId!: string | null;

  /** When the customer first rated: the change window runs from here. */
  @Column({ type: 'timestamptz' })
  submittedAt!: Date;
}
