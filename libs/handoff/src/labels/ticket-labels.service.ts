import { Injectable } from '@nestjs/common';
import { AgentNotFoundError, ConversationMessagesService, WorkspacesService } from '@switchboard/conversations';
import { AgentDirectoryService } from '@switchboard/auth';
import type { StoredTicketLabels, Ticket, TicketLabels, WorkspaceId } from '@switchboard/database';
import { UnitOfWork } from '@switchboard/database';
import { TicketNotFoundError } from '../ticket.errors';
import { ticketEvent } from '../ticket.events';
import { TicketsRepository } from '../tickets.repository';
import { InvalidLabelFieldError } from './team.errors';
import { TicketLabelCorrectionsRepository } from './ticket-label-corrections.repository';

export type TicketLabelsChange = Partial<StoredTicketLabels>;

/** How many of the customer's latest messages make a training example, as the classifier reads a new ticket. */
export const CUSTOMER_TEXT_TURNS = 20;

export function labelsOf(ticket: Ticket): TicketLabels {
  return {
    topic: ticket.topic,
    urgency: ticket.urgency,
    sentiment: ticket.sentiment,
    language: ticket.language,
    source: ticket.labelSource,
  };
}

/** Agents' corrections of ticket labels: the ticket takes them (source `agent`) and each is kept as training data. */
@Injectable()
export class TicketLabelsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly corrections: TicketLabelCorrectionsRepository,
    private readonly messages: ConversationMessagesService,
    private readonly workspaces: WorkspacesService,
    private readonly agents: AgentDirectoryService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The customer's messages in the conversation, oldest first: what the classifier reads. */
  async customerTexts(workspaceId: WorkspaceId, conversationId: string): Promise<string[]> {
    const rows = await this.messages.recentDialogue(workspaceId, conversationId, CUSTOMER_TEXT_TURNS);
    return rows.filter((message) => message.author === 'contact').map((message) => message.content);
  }

  /** Sets the labels given (a field left out is kept); the topic must be one of the workspace's ticketTopics. */
  async correct(
    workspaceId: WorkspaceId,
    ticketId: string,
    agentId: string,
    change: TicketLabelsChange,
  ): Promise<Ticket> {
    const found = await this.tickets.findById(workspaceId, ticketId);
    if (!found) throw new TicketNotFoundError(ticketId);
    if (change.topic !== undefined && change.topic !== null) {
      const { ticketTopics } = await this.workspaces.settings(workspaceId);
      if (!ticketTopics.includes(change.topic)) {
        throw new InvalidLabelFieldError('topic', `topic must be one of the workspace's ticketTopics or null`);
      }
    }
    const text = (await this.customerTexts(workspaceId, found.conversationId)).join('\n');
    return this.unitOfWork.run(workspaceId, async (work) => {
      if (!(await this.agents.find(workspaceId, agentId, work))) throw new AgentNotFoundError(agentId);
      const tickets = this.tickets.withManager(work.manager);
      const ticket = await tickets.lockById(workspaceId, ticketId);
      if (!ticket) throw new TicketNotFoundError(ticketId);
      const { source: _source, ...previous } = labelsOf(ticket);
      const labels: StoredTicketLabels = { ...previous, ...definedOnly(change) };
      const updated = await tickets.update(workspaceId, ticketId, { ...labels, labelSource: 'agent' });
      await this.corrections
        .withManager(work.manager)
        .insert(workspaceId, { ticketId, agentId, previous, labels, text });
      work.raise(ticketEvent('ticket.labelled', updated, { agentId }));
      return updated;
    });
  }
}

function definedOnly(change: TicketLabelsChange): TicketLabelsChange {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}
