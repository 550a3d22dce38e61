import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KnowledgeSource } from '@switchboard/database';
import { DocumentIntakeService, EMBEDDER, Embedder } from '@switchboard/knowledge';
import { DataSource } from 'typeorm';

// Only one worker of a deployment starts the re-embedding.
const REINDEX_LOCK_KEY = 4_711_202_612;

/**
 * When the embedding model changes, the new model has an empty collection of its own: every source with
 * documents indexed by another model is re-synced, so its documents are re-embedded and vectors never mix.
 */
@Injectable()
export class EmbeddingModelReindexer implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmbeddingModelReindexer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    private readonly intake: DocumentIntakeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ locked }] = await this.dataSource.query<Array<{ locked: boolean }>>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [REINDEX_LOCK_KEY],
    );
    if (!locked) return;
    try {
      const stale = await this.dataSource.query<Array<{ sourceId: string }>>(
        `SELECT DISTINCT "sourceId" FROM documents WHERE status = 'indexed' AND "embeddingModel" IS DISTINCT FROM $1`,
        [this.embedder.model],
      );
      for (const { sourceId } of stale) {
        const source = await this.dataSource.getRepository(KnowledgeSource).findOne({ where: { id: sourceId } });
        if (source) await this.intake.resync(source, 'reindex');
      }
      if (stale.length > 0) this.logger.log(`re-embedding ${stale.length} source(s) with ${this.embedder.model}`);
    } finally {
      await this.dataSource.query('SELECT pg_advisory_unlock($1)', [REINDEX_LOCK_KEY]);
    }
  }
}
