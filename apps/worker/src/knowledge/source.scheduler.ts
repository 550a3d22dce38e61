import { Injectable } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { KnowledgeSourcesService, crawlConfigOf, isCrawlSource } from '@switchboard/knowledge';
import { QueueProducer } from '@switchboard/queue';

/** Keeps each crawled source's BullMQ re-sync schedule in line with its settings. */
@Injectable()
export class SourceScheduler {
  constructor(
    private readonly sources: KnowledgeSourcesService,
    private readonly producer: QueueProducer,
  ) {}

  async reconcile(workspaceId: WorkspaceId, sourceId: string): Promise<void> {
    const source = await this.sources.get(workspaceId, sourceId);
    const minutes = source && isCrawlSource(source.type) ? crawlConfigOf(source.config).syncIntervalMinutes : undefined;
    const schedulerId = `source:${sourceId}`;
    if (!minutes) {
      await this.producer.unschedule('knowledge.sync-source', schedulerId);
      return;
    }
    await this.producer.schedule('knowledge.sync-source', schedulerId, minutes * 60_000, { workspaceId, sourceId });
  }
}
