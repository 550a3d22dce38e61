import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { TenantRepository, TicketLabelCorrection, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, In } from 'typeorm';
import type { TopicExample } from './topic-naive-bayes';

export type NewTicketLabelCorrection = Pick<
  TicketLabelCorrection,
  'ticketId' | 'agentId' | 'previous' | 'labels' | 'text'
>;

/** The newest corrections the classifier trains on: enough for naive Bayes, bounded so a classification stays quick. */
export const TRAINING_EXAMPLES_LIMIT = 2000;

/** The only TypeORM access to `ticket_label_corrections`. */
@Injectable()
export class TicketLabelCorrectionsRepository {
  private readonly corrections: TenantRepository<TicketLabelCorrection>;

  constructor(@InjectEntityManager() private readonly manager: EntityManager) {
    this.corrections = new TenantRepository(manager.getRepository(TicketLabelCorrection));
  }

  withManager(manager: EntityManager): TicketLabelCorrectionsRepository {
    return new TicketLabelCorrectionsRepository(manager);
  }

  insert(workspaceId: WorkspaceId, values: NewTicketLabelCorrection): Promise<TicketLabelCorrection> {
    return this.corrections.create(workspaceId, values);
  }

  /** The corrections of these tickets, oldest first. */
  ofTickets(workspaceId: WorkspaceId, ticketIds: readonly string[]): Promise<TicketLabelCorrection[]> {
    if (ticketIds.length === 0) return Promise.resolve([]);
    return this.corrections.find(workspaceId, {
      where: { ticketId: In([...ticketIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Deletes the corrections of these tickets; returns how many went. */
  deleteOfTickets(workspaceId: WorkspaceId, ticketIds: readonly string[]): Promise<number> {
    if (ticketIds.length === 0) return Promise.resolve(0);
    return this.corrections.deleteWhere(workspaceId, { ticketId: In([...ticketIds]) });
  }

  /** A ticket's corrections, oldest first. */
  ofTicket(workspaceId: WorkspaceId, ticketId: string): Promise<TicketLabelCorrection[]> {
    return this.corrections.find(workspaceId, { where: { ticketId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Each corrected ticket once, with the topic of its latest correction, when that set a topic. */
  async topicExamples(workspaceId: WorkspaceId, limit = TRAINING_EXAMPLES_LIMIT): Promise<TopicExample[]> {
    const rows: Array<{ text: string; topic: string }> = await this.manager.query(
      `SELECT text, topic FROM (
         SELECT DISTINCT ON ("ticketId") text, labels->>'topic' AS topic, "createdAt"
           FROM ticket_label_corrections
          WHERE "workspaceId" = $1
          ORDER BY "ticketId", "createdAt" DESC, id DESC
       ) latest
       WHERE topic IS NOT NULL
       ORDER BY "createdAt" DESC
       LIMIT $2`,
      [asWorkspaceId(workspaceId), limit],
    );
    return rows;
  }
}
