import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, WorkspaceId } from '@switchboard/database';
import { OutboxRepository } from './outbox.repository';
import { QueueProducer } from './queue-producer.service';

export interface ContactQueuedJobExport {
  jobName: string;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * Jobs about a contact's conversations: their outbox rows and their BullMQ jobs in Redis. Payloads carry ids only,
 * never text, but a finished or failed job keeps its payload (and error) for days; erasure removes them all.
 */
@Injectable()
export class QueuedJobPersonalDataService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: QueueProducer,
  ) {}

  async exportForContact(scope: ContactScope): Promise<ContactQueuedJobExport[]> {
    const rows = await this.outbox.ofConversations(scope.workspaceId, scope.conversationIds);
    return rows.map(({ jobName, createdAt, sentAt }) => ({ jobName, createdAt, sentAt }));
  }

  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    const { outboxEntries } = await this.eraseForConversations(scope.workspaceId, scope.conversationIds);
    const queuedJobs = await this.producer.removeJobsOfConversations(scope.conversationIds);
    return { outboxEntries, queuedJobs };
  }

  /**
   * Retention: the outbox rows of expired conversations. Their BullMQ jobs are left to expire: they carry ids only, and
   * a conversation idle for a day or more has none waiting.
   */
  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts> {
    return { outboxEntries: await this.outbox.deleteOfConversations(workspaceId, conversationIds) };
  }
}
