import type { FineTuningReport } from '@switchboard/contracts';
import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** What an export counted, estimated and warned about; the API returns it as is (the contract's shape). */
export type FineTuningExportReport = FineTuningReport;

/** A dataset in OpenAI's chat fine-tuning format, built from a workspace's resolved conversations. */
@Entity('fine_tuning_exports')
@Index(['workspaceId', 'createdAt'])
export class FineTuningExport extends TenantEntity {
  /** The seed of the train/validation split, so the same conversations split the same way again. */
  @Column({ type: 'int' })
  seed!: number;

  /** JSONL, one `{"messages": [...]}` per line. */
  @Column({ type: 'text' })
  trainJsonl!: string;

  @Column({ type: 'text' })
  validationJsonl!: string;

  @Column({ type: 'jsonb' })
  report!: FineTuningExportReport;
}
