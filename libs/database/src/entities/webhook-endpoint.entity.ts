import { Column, Entity } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** A URL a workspace subscribes to some of its events; deliveries to it are signed with its secret. */
@Entity('webhook_endpoints')
export class WebhookEndpoint extends TenantEntity {
  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** Event types delivered to the endpoint (see WEBHOOK_EVENT_TYPES in @switchboard/webhooks). */
  @Column({ type: 'jsonb', default: [] })
  events!: string[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  /** The signing secret, sealed with AES-256-GCM: shown once (creation, rotation), never returned again. */
  @Column({ type: 'text', select: false })
  secret!: string;

  /** The secret a rotation replaced, still signing until previousSecretExpiresAt. */
  @Column({ type: 'text', nullable: true, select: false })
  previousSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** Failed attempts since the last success, across deliveries. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** First failure since the last success; null while the endpoint succeeds. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  /** Set when Switchboard disabled the endpoint for failing; cleared when an admin enables it again. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  disabledReason!: string | null;
}
