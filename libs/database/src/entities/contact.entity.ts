import { Column, Entity } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** A customer or staff member who talks to Switchboard through any channel. */
@Entity('contacts')
export class Contact extends TenantEntity {
  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  /** The business's own id for this person (verified widget identity). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  attributes!: Record<string, unknown>;

  /** When the person asked for their data to be erased: their conversations leave every export from then on. */
  @Column({ type: 'timestamptz', nullable: true })
  erasureRequestedAt!: Date | null;
}
