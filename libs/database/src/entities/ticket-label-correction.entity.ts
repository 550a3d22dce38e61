import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { TicketLabels } from '@switchboard/contracts';
import { Agent } from './agent.entity';
import { TenantEntity } from './tenant-columns';
import { Ticket } from './ticket.entity';

/** The labels without who set them: what a correction changed from and to. */
export type StoredTicketLabels = Omit<TicketLabels, 'source'>;

/** An agent's correction of a ticket's labels, kept as training data for the workspace's offline classifier. */
@Entity('ticket_label_corrections')
// Training reads the workspace's newest corrections.
@Index(['workspaceId', 'createdAt'])
export class TicketLabelCorrection extends TenantEntity {
  @Column('uuid')
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticketId' })
  ticket?: Ticket;

  @Column({ type: 'uuid', nullable: true })
  agentId!: string | null;

  @ManyToOne(() => Agent, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agentId' })
  agent?: Agent | null;

  @Column({ type: 'jsonb' })
  previous!: StoredTicketLabels;

  @Column({ type: 'jsonb' })
  labels!: StoredTicketLabels;

  /** The customer's messages when the agent corrected the labels: the example the classifier learns from. */
  @Column({ type: 'text' })
  text!: string;
}
