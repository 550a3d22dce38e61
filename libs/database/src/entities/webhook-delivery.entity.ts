import { Column, Entity, Generated, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from './tenant-columns';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** The versioned JSON body a webhook receives. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  version: 1;
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown>;
}

/** One event for one endpoint: its payload, its attempts and their last outcome. */
@Entity('webhook_deliveries')
@Index(['workspaceId', 'endpointId', 'seq'])
@Index('IDX_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
export class WebhookDelivery extends TenantEntity {
  /** Creation order: deliveries of one conversation to one endpoint go out in this order. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column('uuid')
  endpointId!: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpointId' })
  endpoint?: WebhookEndpoint;

  /** The event's id, the same for every endpoint and every replay: receivers deduplicate on it. */
  @Column('uuid')
  eventId!: string;

  @Column({ type: 'varchar', length: 64 })
  eventType!: string;

  @Column({ type: 'jsonb' })
  payload!: WebhookEnvelope;

  /** Orders deliveries: one conversation's events reach an endpoint one at a time, in order. Null: unordered. */
  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  /** The delivery this one replays, if any. */
  @Column({ type: 'uuid', nullable: true })
  replayOf!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt is due; null once the delivery is settled. */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** An attempt in progress holds the delivery until then, so a duplicate job does not send it twice at once. */
  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'integer', nullable: true })
  latencyMs!: number | null;

  /** The start of the receiver's last response body. */
  @Column({ type: 'text', nullable: true })
  responseExcerpt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
