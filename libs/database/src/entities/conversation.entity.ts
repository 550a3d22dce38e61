import { Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import { Agent } from './agent.entity';
import { Contact } from './contact.entity';
import { Inbox } from './inbox.entity';
import { TenantEntity } from './tenant-columns';

export const CONVERSATION_OWNERS = ['bot', 'queued', 'agent', 'resolved'] as const;
export type ConversationOwner = (typeof CONVERSATION_OWNERS)[number];

@Entity('conversations')
@Index(['workspaceId', 'owner'])
// A visitor's latest conversation in an inbox: every widget session and message looks it up.
@Index(['workspaceId', 'inboxId', 'contactId', 'createdAt'])
// The retention job's scan: a workspace's conversations idle the longest.
@Index(['workspaceId', 'lastActivityAt'])
// The CSAT idle sweep: bot conversations nobody asked to rate yet, by last activity (few: most end or get asked).
@Index('IDX_conversations_idle_unrated', ['lastActivityAt'], {
  where: `"owner" = 'bot' AND "ratingRequestedAt" IS NULL`,
})
export class Conversation extends TenantEntity {
  @Column('uuid')
  inboxId!: string;

  @ManyToOne(() => Inbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inboxId' })
  inbox?: Inbox;

  @Column('uuid')
  contactId!: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contactId' })
  contact?: Contact;

  /** Who may speak next: changed only through the ownership state machine. */
  @Column({ type: 'varchar', length: 16, default: 'bot' })
  owner!: ConversationOwner;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => Agent, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assigneeId' })
  assignee?: Agent | null;

  /** Channel thread reference (Slack thread ts, e-mail Message-ID root). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  externalThreadId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt!: Date;

  /**
   * When the customer was first asked to rate the conversation (libs/csat: a resolved ticket, End chat, or the idle
   * sweep); null until then. The idle sweep asks only conversations where it is null, so a reopened one is not asked
   * again.
   */
  @Column({ type: 'timestamptz', nullable: true })
  ratingRequestedAt!: Date | null;

  /** Optimistic lock: two racing ownership changes cannot both win. */
  @VersionColumn()
  version!: number;
}
