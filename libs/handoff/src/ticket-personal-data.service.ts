import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, Ticket, TicketLabelCorrection, WorkspaceId } from '@switchboard/database';
import { TicketLabelCorrectionsRepository } from './labels/ticket-label-corrections.repository';
import { TicketsRepository } from './tickets.repository';

/** A contact's tickets and the label corrections agents made on them (which quote the customer's messages). */
export interface ContactTicketsExport {
  tickets: Array<
    Pick<
      Ticket,
      | 'id'
      | 'conversationId'
      | 'reason'
      | 'status'
      | 'summary'
      | 'topic'
      | 'urgency'
      | 'sentiment'
      | 'language'
      | 'createdAt'
      | 'resolvedAt'
    >
  >;
  labelCorrections: Array<Pick<TicketLabelCorrection, 'id' | 'ticketId' | 'labels' | 'text' | 'createdAt'>>;
}

/** The tickets of a contact's conversations: exported, and erased with the contact or their expired conversations. */
@Injectable()
export class TicketPersonalDataService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly corrections: TicketLabelCorrectionsRepository,
  ) {}

  async exportForContact(scope: ContactScope): Promise<ContactTicketsExport> {
    const tickets = await this.tickets.ofConversations(scope.workspaceId, scope.conversationIds);
    const corrections = await this.corrections.ofTickets(
      scope.workspaceId,
      tickets.map((ticket) => ticket.id),
    );
    return {
      tickets: tickets.map((t) => ({
        id: t.id,
        conversationId: t.conversationId,
        reason: t.reason,
        status: t.status,
        summary: t.summary,
        topic: t.topic,
        urgency: t.urgency,
        sentiment: t.sentiment,
        language: t.language,
        createdAt: t.createdAt,
        resolvedAt: t.resolvedAt,
      })),
      labelCorrections: corrections.map(({ id, ticketId, labels, text, createdAt }) => ({
        id,
        ticketId,
        labels,
        text,
        createdAt,
      })),
    };
  }

  eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    return this.eraseForConversations(scope.workspaceId, scope.conversationIds);
  }

  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts> {
    const ticketIds = (await this.tickets.ofConversations(workspaceId, conversationIds)).map((ticket) => ticket.id);
    const labelCorrections = await this.corrections.deleteOfTickets(workspaceId, ticketIds);
    const tickets = await this.tickets.deleteOfConversations(workspaceId, conversationIds);
    return { tickets, labelCorrections };
  }
}
