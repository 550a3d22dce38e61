import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { KnowledgeSource } from './knowledge-source.entity';
import { TenantEntity } from './tenant-columns';

/** `superseded`: a newer sync of the same source replaced this one before it ended (see `error`). */
export type SyncStatus = 'running' | 'completed' | 'failed' | 'superseded';
export type SyncTrigger = 'manual' | 'schedule' | 'upload' | 'text' | 'import' | 'reindex';

/** One pass over a source; its progress is counted from the documents that carry its id. */
@Entity('knowledge_syncs')
@Index(['sourceId', 'createdAt'])
export class KnowledgeSync extends TenantEntity {
  @Column('uuid')
  sourceId!: string;

  @ManyToOne(() => KnowledgeSource, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sourceId' })
  source?: KnowledgeSource;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status!: SyncStatus;

  @Column({ type: 'varchar', length: 16 })
  trigger!: SyncTrigger;

  /** Documents this sync covers; known up front for uploads and imports, grows while a crawl discovers pages. */
  @Column({ type: 'int', default: 0 })
  total!: number;

  /** Outcomes so far; each document is counted once, when its outcome is first recorded. */
  @Column({ type: 'int', default: 0 })
  indexed!: number;

  @Column({ type: 'int', default: 0 })
  skipped!: number;

  @Column({ type: 'int', default: 0 })
  failed!: number;

  /** True while a crawl is still finding pages: the sync cannot complete before discovery ends. */
  @Column({ type: 'boolean', default: false })
  discovering!: boolean;

  /** Documents that disappeared from the source and were removed. */
  @Column({ type: 'int', default: 0 })
  deleted!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
