import { ApiProperty } from '@nestjs/swagger';
import { SOURCE_TYPES, VISIBILITIES } from '@switchboard/database';

const SYNC_STATUSES = ['running', 'completed', 'failed', 'superseded'];
const SYNC_TRIGGERS = ['manual', 'schedule', 'upload', 'text', 'import', 'reindex'];
const NULLABLE_DATE = { type: String, format: 'date-time', nullable: true } as const;
const NULLABLE_STRING = { type: String, nullable: true } as const;

/** The crawl settings of a url or sitemap source, `maxPages` capped at the instance's limit. */
export class CrawlConfigResponse {
  @ApiProperty({ format: 'uri', required: false }) url?: string;
  @ApiProperty({ format: 'uri', required: false }) sitemapUrl?: string;
  @ApiProperty({ type: 'integer', required: false }) maxPages?: number;
  @ApiProperty({ type: 'integer', required: false }) maxDepth?: number;
  @ApiProperty({ type: 'integer', required: false }) syncIntervalMinutes?: number;
}

export class KnowledgeSourceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SOURCE_TYPES }) type!: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: string;
  @ApiProperty({ type: CrawlConfigResponse, description: 'Empty for upload and text sources.' })
  config!: CrawlConfigResponse;
  @ApiProperty({ enum: ['idle', 'syncing', 'failed'] }) status!: string;
  @ApiProperty(NULLABLE_DATE) lastSyncedAt!: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class KnowledgeSyncResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ enum: SYNC_STATUSES }) status!: string;
  @ApiProperty({ enum: SYNC_TRIGGERS }) trigger!: string;
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) indexed!: number;
  @ApiProperty({ type: 'integer' }) skipped!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({ description: 'True while a crawl is still finding pages.' }) discovering!: boolean;
  @ApiProperty({ type: 'integer' }) deleted!: number;
  @ApiProperty(NULLABLE_STRING) error!: string | null;
  @ApiProperty(NULLABLE_DATE) finishedAt!: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class AcceptedDocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The identity inside the source: file name or the caller’s id.' }) externalId!: string;
  @ApiProperty() title!: string;
}

export class IntakeResultResponse {
  @ApiProperty({ type: KnowledgeSyncResponse }) sync!: KnowledgeSyncResponse;
  @ApiProperty({ type: [AcceptedDocumentResponse] }) documents!: AcceptedDocumentResponse[];
  @ApiProperty({ type: 'integer', description: 'Documents removed because a replacing import left them out.' })
  removed!: number;
}

export class SyncErrorResponse {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
  @ApiProperty() error!: string;
}

export class SyncProgressResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ enum: SYNC_STATUSES }) status!: string;
  @ApiProperty({ enum: SYNC_TRIGGERS }) trigger!: string;
  @ApiProperty() discovering!: boolean;
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) done!: number;
  @ApiProperty({ type: 'integer' }) indexed!: number;
  @ApiProperty({ type: 'integer' }) skipped!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({ type: 'integer' }) deleted!: number;
  @ApiProperty(NULLABLE_STRING) error!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: Date;
  @ApiProperty(NULLABLE_DATE) finishedAt!: Date | null;
  @ApiProperty({ type: [SyncErrorResponse] }) errors!: SyncErrorResponse[];
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty() title!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: string;
  @ApiProperty(NULLABLE_STRING) contentHash!: string | null;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ enum: ['pending', 'indexed', 'failed'] }) status!: string;
  @ApiProperty(NULLABLE_STRING) error!: string | null;
  @ApiProperty({ type: 'integer' }) chunkCount!: number;
  @ApiProperty({ example: 'text/markdown' }) mediaType!: string;
  @ApiProperty({ type: 'integer' }) sizeBytes!: number;
  @ApiProperty(NULLABLE_STRING) embeddingModel!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) lastSyncId!: string | null;
  @ApiProperty({ type: String, enum: ['indexed', 'skipped', 'failed'], nullable: true }) syncOutcome!: string | null;
  @ApiProperty(NULLABLE_STRING) etag!: string | null;
  @ApiProperty(NULLABLE_STRING) lastModified!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class ChunkResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String], description: 'Headings above the chunk, outermost first.' }) headingPath!: string[];
  @ApiProperty() text!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty() contentHash!: string;
}

export class SearchHitResponse {
  @ApiProperty({ type: ChunkResponse }) chunk!: ChunkResponse;
  @ApiProperty({ description: 'Reciprocal-rank-fusion score of the dense and lexical retrievers.' }) score!: number;
  @ApiProperty({ type: 'integer', nullable: true }) denseRank!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) lexicalRank!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: -1, maximum: 1 }) cosine!: number | null;
}
