import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Conversation } from './conversation.entity';
import { Inbox } from './inbox.entity';
import { TenantEntity } from './tenant-columns';
import { Ticket } from './ticket.entity';

/** The Slack thread that mirrors a ticket in the agents' channel: replies there go to the customer. */
@Entity('slack_ticket_threads')
// One mirror per ticket: a redelivered mirror job finds the thread it already opened.
@Index(['ticketId'], { unique: true })
// A reply or a Claim click in Slack names the thread.
@Index(['workspaceId', 'channel', 'ts'])
export class SlackTicketThread extends TenantEntity {
  @Column('uuid')
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticketId' })
  ticket?: Ticket;

  @Column('uuid')
  conversationId!: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversationId' })
  conversation?: Conversation;

  /** The Slack inbox whose bot posted the thread. */
  @Column('uuid')
  slackInboxId!: string;

  @ManyToOne(() => Inbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'slackInboxId' })
  slackInbox?: Inbox;

  @Column({ type: 'varchar', length: 64 })
  channel!: string;

  /** The ts of the thread's first message, which Slack uses as the thread's id. */
  @Column({ type: 'varchar', length: 64 })
  ts!: string;
}
