import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Embeddings by model and text hash: re-ingesting unchanged text, or the eval re-run, computes nothing. */
@Entity('embedding_cache')
export class CachedEmbedding {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  model!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  hash!: string;

  /** Float32 little-endian. */
  @Column({ type: 'bytea' })
  vector!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
