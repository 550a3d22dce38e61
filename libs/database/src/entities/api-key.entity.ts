import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** A workspace API key; only its sha256 is stored, the key itself is shown once at creation. */
@Entity('api_keys')
export class ApiKey extends TenantEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** First characters of the key, to recognise it in lists. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, select: false })
  keyHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
