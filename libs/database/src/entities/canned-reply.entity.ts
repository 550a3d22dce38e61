import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** A reply agents insert by its short code ("/refund"), shared by the workspace. */
@Entity('canned_replies')
@Index(['workspaceId', 'shortCode'], { unique: true })
export class CannedReply extends TenantEntity {
  @Column({ type: 'varchar', length: 40 })
  shortCode!: string;

  @Column({ type: 'text' })
  content!: string;
}
