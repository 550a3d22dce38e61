import { Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { AuditModule } from '@switchboard/audit';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { UnitOfWorkModule } from '@switchboard/database';
import { VECTOR_STORE, VectorStore, createVectorStore } from '@switchboard/vector-store';
import { CachedEmbedder, EMBEDDER, Embedder, createEmbedder } from './embedding';
import { DocumentIngestionService } from './ingestion/document-ingestion.service';
import { SourceSyncService } from './ingestion/source-sync.service';
import { DocumentIntakeService } from './intake/document-intake.service';
import { BLOB_STORE } from './knowledge.tokens';
import { KnowledgeSearchService } from './search/knowledge-search.service';
import { KnowledgeDocumentsService } from './sources/knowledge-documents.service';
import { DocumentRepository } from './sources/document.repository';
import { KnowledgeSourceRepository } from './sources/knowledge-source.repository';
import { KnowledgeSourcesService } from './sources/knowledge-sources.service';
import { BlobStore } from './storage/blob.store';
import { EmbeddingCacheRepository } from './storage/embedding-cache.repository';
import { DocumentVersions } from './sync/document-versions';
import { KnowledgeSyncRepository } from './sync/knowledge-sync.repository';
import { SyncFinisher } from './sync/sync-finisher.service';
import { SyncWatchdog } from './sync/sync-watchdog.service';

const infrastructure: Provider[] = [
  { provide: BLOB_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new BlobStore(config.dataDir) },
  EmbeddingCacheRepository,
  {
    provide: EMBEDDER,
    inject: [APP_CONFIG, EmbeddingCacheRepository],
    useFactory: (config: AppConfig, cache: EmbeddingCacheRepository): Embedder => {
      const settings = config.knowledge.embedder;
      const inner =
        settings.kind === 'openai'
          ? createEmbedder({
              kind: 'openai',
              apiKey: settings.apiKey,
              baseUrl: settings.baseUrl,
              model: settings.model,
            })
          : createEmbedder({ kind: 'use-lite', threads: settings.threads || undefined });
      return new CachedEmbedder(inner, cache);
    },
  },
  {
    provide: VECTOR_STORE,
    inject: [APP_CONFIG, EMBEDDER],
    useFactory: async (config: AppConfig, embedder: Embedder): Promise<VectorStore> => {
      // An OpenAI-compatible embedder learns its dimension from its first answer.
      if (!embedder.dimension) await embedder.embed(['dimension probe']);
      const store = createVectorStore(config);
      await store.open({ model: embedder.model, dimension: embedder.dimension });
      return store;
    },
  },
];

/** Closes the embedder's worker threads and the vector store with the application. */
class KnowledgeShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.embedder.close(), this.store.close()]);
  }
}

/**
 * Sources, documents, ingestion and search; needs ConfigModule, DatabaseModule, QueueModule and EventEmitterModule
 * (sync outcomes are domain events).
 */
@Module({
  imports: [UnitOfWorkModule, AuditModule],
  providers: [
    ...infrastructure,
    KnowledgeShutdown,
    KnowledgeSourceRepository,
    DocumentRepository,
    KnowledgeSyncRepository,
    DocumentVersions,
    KnowledgeSourcesService,
    KnowledgeDocumentsService,
    DocumentIntakeService,
    DocumentIngestionService,
    SourceSyncService,
    SyncFinisher,
    SyncWatchdog,
    KnowledgeSearchService,
  ],
  exports: [
    EMBEDDER,
    VECTOR_STORE,
    BLOB_STORE,
    KnowledgeSourcesService,
    KnowledgeDocumentsService,
    DocumentIntakeService,
    DocumentIngestionService,
    SourceSyncService,
    SyncFinisher,
    SyncWatchdog,
    KnowledgeSearchService,
  ],
})
export class KnowledgeModule {}
