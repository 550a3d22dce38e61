import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

export const CHANNEL_TYPES = ['widget', 'slack', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** One channel of a workspace, with that channel's settings and secrets. */
@Entity('inboxes')
export class Inbox extends TenantEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: ChannelType;

  /** Public identifier (the widget's data-inbox attribute, the e-mail routing key). */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  publicKey!: string;

  /** Channel settings safe to show to admins. */
  @Column({ type: 'jsonb', default: {} })
  settings!: Record<string, unknown>;

  /**
   * Widget visitor tokens carry the generation they were issued in; revoking an inbox's tokens moves it on, so
   * every token issued before stops verifying.
   */
  @Column({ type: 'integer', default: 0 })
  visitorTokenGeneration!: number;

  /** Channel secrets (HMAC keys, tokens): never returned by the API, never logged. */
  @Column({ type: 'jsonb', default: {}, select: false })
  secrets!: Record<string, string>;
}
