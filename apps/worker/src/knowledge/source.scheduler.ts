import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KnowledgeSource, WorkspaceId } from '@switchboard/database';
import { crawlConfigOf, isCrawlSource } from '@switchboard/knowledge';
import { QueueProducer } from '@switchboard/queue';
import { DataSource } from 'typeorm';

/** Keeps each crawled source's BullMQ re-sync schedule in line with its settings. */
@Injectable()
export class SourceScheduler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
  ) {}

  async reconcile(workspaceId: WorkspaceId, sourceId: string): Promise<void> {
    const source = await this.dataSource
      .getRepository(KnowledgeSource)
      .findOne({ where: { id: sourceId, workspaceId } });
    const minutes = source && isCrawlSource(source.type) ? crawlConfigOf(source.config).syncIntervalMinutes : undefined;
    const schedulerId = `source:${sourceId}`;
    if (!minutes) {
      await this.producer.unschedule('knowledge.sync-source', schedulerId);
      return;
    }
    await this.producer.schedule('knowledge.sync-source', schedulerId, minutes * 60_000, { workspaceId, sourceId });
  }
}
