import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/**
 * That a contact was erased, and how many rows each holder removed: no name, e-mail, text or raw id. The contact's
 * id survives only as a SHA-256 of "workspaceId:contactId", so whoever still knows the id can check it was erased.
 */
@Entity('contact_erasures')
@Index(['workspaceId', 'createdAt'])
export class ContactErasure extends TenantEntity {
  @Column({ type: 'char', length: 64 })
  contactHash!: string;

  /** Rows (or keys, jobs, files) removed per holder, e.g. `{ "conversations": 2, "answerTraces": 3 }`. */
  @Column({ type: 'jsonb' })
  counts!: Record<string, number>;

  /** Who asked: `api-key:<id>` or `agent:<id>`. */
  @Column({ type: 'varchar', length: 100 })
  requestedBy!: string;
}
