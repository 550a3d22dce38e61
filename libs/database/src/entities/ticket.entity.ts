import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Agent } from './agent.entity';
import { Conversation } from './conversation.entity';
import type {
  HandoffReason,
  LabelSource,
  TicketResolution,
  TicketSentiment,
  TicketStatus,
  TicketUrgency,
} from '@switchboard/contracts';
import { TenantEntity } from './tenant-columns';

// The wire contract owns these lists; the table stores exactly them.
export {
  HANDOFF_REASONS,
  LABEL_SOURCES,
  TICKET_RESOLUTIONS,
  TICKET_SENTIMENTS,
  TICKET_STATUSES,
  TICKET_URGENCIES,
} from '@switchboard/contracts';
export type {
  HandoffReason,
  LabelSource,
  TicketLabels,
  TicketResolution,
  TicketSentiment,
  TicketStatus,
  TicketUrgency,
} from '@switchboard/contracts';

/** A handoff from the bot to people, with what the agent needs to pick it up. */
@Entity('tickets')
@Index(['workspaceId', 'status'])
// A conversation's tickets: the reopen rule, the console's conversation view and the reports look them up.
@Index(['workspaceId', 'conversationId'])
// The queue filters by topic, and team routing reads it.
@Index(['workspaceId', 'topic'])
export class Ticket extends TenantEntity {
  @Column('uuid')
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversationId' })
  conversation?: Conversation;

  @Column({ type: 'varchar', length: 32 })
  reason!: HandoffReason;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: TicketStatus;

  /** The AnswerTrace that led to the handoff, if any. */
  @Column({ type: 'uuid', nullable: true })
  answerTraceId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  confidenceTrace!: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ type: 'jsonb', default: [] })
  sources!: Array<{ documentId: string; title: string; url?: string | null }>;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => Agent, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assigneeId' })
  assignee?: Agent | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** Set with `resolvedAt`, cleared on reopen; null on tickets resolved before the column existed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution!: TicketResolution | null;

  /** One of the workspace's ticketTopics; null: unclassified. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  topic!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  urgency!: TicketUrgency | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  sentiment!: TicketSentiment | null;

  /** ISO 639-1 code of the customer's language. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  language!: string | null;

  /** Who set the labels; null while nothing has classified the ticket. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  labelSource!: LabelSource | null;
}
