import { Injectable } from '@nestjs/common';
import { TicketAction, TicketDetail, TicketScope, TicketStatusFilter, TicketView } from '@switchboard/contracts';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { Agent, Ticket, WorkspaceId } from '@switchboard/database';
import { ACTIVE_TICKET_STATUSES, TicketFilter, TicketsService } from '@switchboard/handoff';
import { ConsoleViewsService } from './console-views.service';

/** The console's ticket queue and the agent's actions on a ticket, answered as views. */
@Injectable()
export class ConsoleTicketsService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly messages: ConversationMessagesService,
    private readonly views: ConsoleViewsService,
  ) {}

  async list(
    workspaceId: WorkspaceId,
    agent: Agent,
    query: { status?: TicketStatusFilter; scope?: TicketScope },
  ): Promise<TicketView[]> {
    const filter: TicketFilter = {};
    if (query.status === 'active') filter.status = [...ACTIVE_TICKET_STATUSES];
    else if (query.status) filter.status = query.status;
    if (query.scope === 'mine') filter.assigneeId = agent.id;
    else if (query.scope === 'unassigned') filter.unassigned = true;
    return this.views.ticketViews(workspaceId, await this.tickets.list(workspaceId, filter));
  }

  async detail(workspaceId: WorkspaceId, ticketId: string): Promise<TicketDetail> {
    const ticket = await this.tickets.get(workspaceId, ticketId);
    const [view, conversation, history] = await Promise.all([
      this.views.ticketView(workspaceId, ticket),
      this.views.conversationView(workspaceId, ticket.conversationId),
      this.messages.history(workspaceId, ticket.conversationId, { includePrivate: true }),
    ]);
    return { ticket: view, conversation, messages: await this.views.consoleMessages(workspaceId, history) };
  }

  async act(workspaceId: WorkspaceId, ticketId: string, agent: Agent, action: TicketAction): Promise<TicketView> {
    const ticket = await this.run(workspaceId, ticketId, agent.id, action);
    return this.views.ticketView(workspaceId, ticket);
  }

  private run(workspaceId: WorkspaceId, ticketId: string, agentId: string, action: TicketAction): Promise<Ticket> {
    switch (action) {
      case 'claim':
        return this.tickets.claim(workspaceId, ticketId, agentId);
      case 'pending':
        return this.tickets.markPending(workspaceId, ticketId, agentId);
      case 'resolve':
        return this.tickets.resolve(workspaceId, ticketId, agentId);
      case 'hand-back':
        return this.tickets.handBack(workspaceId, ticketId, agentId);
    }
  }
}
