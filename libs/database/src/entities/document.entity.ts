import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { KnowledgeSource, Visibility } from './knowledge-source.entity';
import { TenantEntity } from './tenant-columns';

@Entity('documents')
@Index(['sourceId', 'externalId'], { unique: true })
export class Document extends TenantEntity {
  @Column('uuid')
  sourceId!: string;

  @ManyToOne(() => KnowledgeSource, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sourceId' })
  source?: KnowledgeSource;

  /** The document's identity inside its source (URL, file name, caller's id). */
  @Column({ type: 'varchar', length: 2048 })
  externalId!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  @Column({ type: 'varchar', length: 16 })
  visibility!: Visibility;

  /** sha256 of the cleaned text: an unchanged hash means nothing to re-embed. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  /** Bumped each time the content changes; part of the answer cache key. */
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: 'pending' | 'indexed' | 'failed';

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'int', default: 0 })
  chunkCount!: number;

  /** Media type of the stored original (text/markdown, application/pdf, ...). */
  @Column({ type: 'varchar', length: 100, default: 'text/plain' })
  mediaType!: string;

  @Column({ type: 'int', default: 0 })
  sizeBytes!: number;

  /** Embedding model of the indexed chunks: a different model means re-embedding, never mixing. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  embeddingModel!: string | null;

  /** The sync that last touched this document, and what it did, for progress counts. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  lastSyncId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  syncOutcome!: 'indexed' | 'skipped' | 'failed' | null;

  /** Validators for conditional GET on the next crawl. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  etag!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastModified!: string | null;
}
