import { ApiProperty } from '@nestjs/swagger';
import { FINE_TUNING_JOB_STATUSES } from '@switchboard/database';

export class KeptRepliesResponse {
  @ApiProperty({ type: 'integer' }) agent!: number;
  @ApiProperty({ type: 'integer', description: 'Bot answers the customer rated helpful.' }) botHelpful!: number;
  @ApiProperty({ type: 'integer', description: 'Bot answers an agent resolved the ticket after, without writing.' })
  botAccepted!: number;
}

export class RedactionCountsResponse {
  @ApiProperty({ type: 'integer' }) email!: number;
  @ApiProperty({ type: 'integer' }) phone!: number;
  @ApiProperty({ type: 'integer' }) card!: number;
  @ApiProperty({ type: 'integer' }) name!: number;
}

export class ExportReportResponse {
  @ApiProperty({ type: 'integer' }) conversationsRead!: number;
  @ApiProperty({ type: 'integer', description: 'Left out: the contact asked for erasure.' })
  conversationsErased!: number;
  @ApiProperty({ type: 'integer' }) conversationsWithoutExample!: number;
  @ApiProperty({ type: 'integer' }) duplicatesRemoved!: number;
  @ApiProperty({ type: 'integer' }) examples!: number;
  @ApiProperty({ type: 'integer' }) trainExamples!: number;
  @ApiProperty({ type: 'integer' }) validationExamples!: number;
  @ApiProperty({ type: KeptRepliesResponse }) replies!: KeptRepliesResponse;
  @ApiProperty({ type: RedactionCountsResponse }) redactions!: RedactionCountsResponse;
  @ApiProperty({ type: 'integer' }) examplesCitingDocuments!: number;
  @ApiProperty({ type: 'integer', description: 'Tokens of the training file, at ~4 characters a token.' })
  estimatedTokens!: number;
  @ApiProperty({ type: 'integer' }) estimatedEpochs!: number;
  @ApiProperty({ type: 'integer', description: 'Billed: the training tokens once per epoch.' })
  estimatedTrainingTokens!: number;
  @ApiProperty({ description: "USD, at the provider's published training price of costModel." })
  estimatedCostUsd!: number;
  @ApiProperty() costModel!: string;
  @ApiProperty({ type: [String], description: 'For instance: most examples repeat facts from documents.' })
  warnings!: string[];
}

export class ExportFilesResponse {
  @ApiProperty({ example: '/v1/fine-tuning/exports/{id}/train.jsonl' }) train!: string;
  @ApiProperty({ example: '/v1/fine-tuning/exports/{id}/validation.jsonl' }) validation!: string;
}

export class ExportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) seed!: number;
  @ApiProperty({ type: ExportReportResponse }) report!: ExportReportResponse;
  @ApiProperty({ type: ExportFilesResponse }) files!: ExportFilesResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
}

export class JobEventResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['info', 'warn', 'error'] }) level!: string;
  @ApiProperty() message!: string;
}

export class JobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) exportId!: string;
  @ApiProperty({ enum: ['answer'] }) task!: string;
  @ApiProperty() baseModel!: string;
  @ApiProperty() providerJobId!: string;
  @ApiProperty({ enum: FINE_TUNING_JOB_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) fineTunedModel!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ description: "Whether the workspace's task now asks the tuned model first." }) activated!: boolean;
  @ApiProperty({ type: [JobEventResponse], description: "The provider's events, oldest first." })
  events!: JobEventResponse[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
}
