import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import {
  BlobStore,
  BLOB_STORE,
  DocumentIngestionService,
  SourceSyncService,
  SyncFinisher,
} from '@switchboard/knowledge';
import { QueueConsumer } from '@switchboard/queue';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { SourceScheduler } from './source.scheduler';

/** Consumes the knowledge queue: crawls, ingestion, schedules and purges. */
@Injectable()
export class KnowledgeProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly consumer: QueueConsumer,
    private readonly ingestion: DocumentIngestionService,
    private readonly sync: SourceSyncService,
    private readonly scheduler: SourceScheduler,
    private readonly finisher: SyncFinisher,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer.consume(
      'knowledge',
      {
        'knowledge.ingest-document': async (payload, context) => {
          await this.ingestion.ingest(payload, context.finalAttempt);
          // Also on a redelivery whose outcome was already recorded: the earlier delivery may have died here.
          await this.finisher.finish(payload.workspaceId, payload.sourceId, payload.syncId);
        },
        'knowledge.sync-source': (payload) => this.sync.sync(payload),
        'knowledge.schedule-source': (payload) => this.scheduler.reconcile(payload.workspaceId, payload.sourceId),
        'knowledge.purge-document': async (payload) => {
          await this.store.deleteByDocument(payload.workspaceId, payload.documentId);
          await this.blobs.delete(payload);
          // The removed document may have been the last one a running sync was waiting for.
          await this.finisher.finishReadySyncs(payload.workspaceId, payload.sourceId);
        },
        'knowledge.purge-source': async (payload) => {
          await this.store.deleteBySource(payload.workspaceId, payload.sourceId);
          await this.blobs.deleteSource(payload.workspaceId, payload.sourceId);
          await this.scheduler.reconcile(payload.workspaceId, payload.sourceId);
        },
      },
      { concurrency: this.config.queue.ingestConcurrency },
    );
  }
}
