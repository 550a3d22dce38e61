import { Column, Entity } from 'typeorm';
import { TenantEntity } from './tenant-columns';

export const SOURCE_TYPES = ['upload', 'url', 'sitemap', 'text'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Where knowledge comes from: uploaded files, a site crawl, text sent through the API. */
@Entity('knowledge_sources')
export class KnowledgeSource extends TenantEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: SourceType;

  /** public: customers may see it; internal: staff only. */
  @Column({ type: 'varchar', length: 16, default: 'public' })
  visibility!: Visibility;

  /** Type-specific settings (start URL, limits, schedule). */
  @Column({ type: 'jsonb', default: {} })
  config!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'idle' })
  status!: 'idle' | 'syncing' | 'failed';

  @Column({ type: 'timestamptz', nullable: true })
  lastSyncedAt!: Date | null;
}
