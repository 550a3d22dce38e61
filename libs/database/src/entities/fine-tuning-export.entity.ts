import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** What an export counted, estimated and warned about; the API returns it as is. */
export interface FineTuningExportReport {
  conversationsRead: number;
  /** Conversations left out because their contact asked for erasure. */
  conversationsErased: number;
  /** Conversations with no reply worth learning from (no agent reply, no helpful or accepted bot answer). */
  conversationsWithoutExample: number;
  duplicatesRemoved: number;
  examples: number;
  trainExamples: number;
  validationExamples: number;
  /** Assistant replies kept, by why they were kept. */
  replies: { agent: number; botHelpful: number; botAccepted: number };
  redactions: { email: number; phone: number; card: number; name: number };
  /** Examples with at least one reply that cited knowledge documents. */
  examplesCitingDocuments: number;
  /** Tokens of the training file (~4 characters a token). */
  estimatedTokens: number;
  estimatedEpochs: number;
  /** What the provider bills: the file's tokens once per epoch. */
  estimatedTrainingTokens: number;
  estimatedCostUsd: number;
  costModel: string;
  warnings: string[];
}

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
