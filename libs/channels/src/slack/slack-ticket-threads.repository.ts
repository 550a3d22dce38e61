import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SlackTicketThread, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { DataSource, EntityManager } from 'typeorm';

/** The Slack threads that mirror tickets in the agents' channel (table slack_ticket_threads, owned by channels). */
@Injectable()
export class SlackTicketThreadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Remembers the thread a ticket's mirror opened; a ticket keeps its first thread. */
  async record(
    workspaceId: WorkspaceId,
    thread: Pick<SlackTicketThread, 'ticketId' | 'conversationId' | 'slackInboxId' | 'channel' | 'ts'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(SlackTicketThread)
      .values({ ...thread, workspaceId: asWorkspaceId(workspaceId) })
      .orIgnore()
      .execute();
  }

  async forTicket(workspaceId: WorkspaceId, ticketId: string): Promise<SlackTicketThread | null> {
    return isUuid(ticketId) ? this.threads().findOne(workspaceId, { ticketId }) : null;
  }

  /** The ticket mirrored in the Slack thread (channel, ts), the latest if a thread was somehow reused. */
  async findByThread(workspaceId: WorkspaceId, channel: string, ts: string): Promise<SlackTicketThread | null> {
    const [thread] = await this.threads().find(workspaceId, {
      where: { channel, ts },
      order: { createdAt: 'DESC' },
      take: 1,
    });
    return thread ?? null;
  }

  private threads(): TenantRepository<SlackTicketThread> {
    return new TenantRepository(this.dataSource.getRepository(SlackTicketThread));
  }
}
