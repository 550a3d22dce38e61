import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A job written in the same transaction as the change that causes it; the relay enqueues it. */
@Entity('outbox')
@Index('IDX_outbox_unsent', ['seq'], { where: '"sentAt" IS NULL' })
export class OutboxEntry {
  /** Becomes the BullMQ jobId, so a repeated enqueue is ignored. */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Insertion order, so jobs go out in the order they were written. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ type: 'uuid', nullable: true })
  workspaceId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  @Column({ type: 'varchar', length: 100 })
  jobName!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
