import { Inject, Injectable } from '@nestjs/common';
import { Visibility, WorkspaceId } from '@switchboard/database';
import { SearchHit, VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { EMBEDDER, Embedder } from '../embedding';

export interface KnowledgeQuery {
  workspaceId: WorkspaceId;
  query: string;
  /** Customers see public knowledge only; staff see both. */
  visibility: Visibility[];
  sourceIds?: string[];
  limit: number;
}

/** Hybrid search over a workspace's chunks. */
@Injectable()
export class KnowledgeSearchService {
  constructor(
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  async search(query: KnowledgeQuery): Promise<SearchHit[]> {
    const [vector] = await this.embedder.embed([query.query], { purpose: 'query' });
    return this.store.search({
      workspaceId: query.workspaceId,
      text: query.query,
      vector,
      limit: query.limit,
      visibility: query.visibility,
      sourceIds: query.sourceIds,
    });
  }
}
