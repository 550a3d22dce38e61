import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DocumentIntakeService, EMBEDDER, Embedder } from '@switchboard/knowledge';

/**
 * When the embedding model changes, the new model has an empty collection of its own: every source with
 * documents indexed by another model is re-synced, so its documents are re-embedded and vectors never mix.
 */
@Injectable()
export class EmbeddingModelReindexer implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmbeddingModelReindexer.name);

  constructor(
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    private readonly intake: DocumentIntakeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const resynced = await this.intake.resyncSourcesEmbeddedByOtherModels(this.embedder.model);
    if (resynced > 0) this.logger.log(`re-embedding ${resynced} source(s) with ${this.embedder.model}`);
  }
}
