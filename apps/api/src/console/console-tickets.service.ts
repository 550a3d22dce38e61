import { Injectable } from '@nestjs/common';
import {
  ConsoleQuery,
  ConsoleResponse,
  TicketAction,
  TicketDetail,
  TicketLabelsChange,
  TicketView,
} from '@switchboard/contracts';
import { ConversationMessagesService, WorkspacesService } from '@switchboard/conversations';
import type { Agent, Ticket, WorkspaceId } from '@switchboard/database';
import {
  ACTIVE_TICKET_STATUSES,
  InvalidLabelFieldError,
  TeamsService,
  TicketFilter,
  TicketLabelsService,
  TicketsService,
} from '@switchboard/handoff';
import { ConsoleViewsService } from './console-views.service';

/** The console's ticket queue and the agent's actions on a ticket, answered as views. */
@Injectable()
export class ConsoleTicketsService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly messages: ConversationMessagesService,
    private readonly views: ConsoleViewsService,
    private readonly labels: TicketLabelsService,
    private readonly teams: TeamsService,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(workspaceId: WorkspaceId, agent: Agent, query: ConsoleQuery<'GET tickets'>): Promise<TicketView[]> {
    const filter: TicketFilter = {};
    if (query.status === 'active') filter.status = [...ACTIVE_TICKET_STATUSES];
    else if (query.status) filter.status = query.status;
    if (query.scope === 'mine') filter.assigneeId = agent.id;
    else if (query.scope === 'unassigned') filter.unassigned = true;
    if (query.topic) filter.topic = query.topic;
    if (query.urgency) filter.urgency = query.urgency;
    if (query.sentiment) filter.sentiment = query.sentiment;
    if (query.language) filter.language = query.language;
    if (query.team) {
      const team = await this.teams.get(workspaceId, query.team);
      if (!team) throw new InvalidLabelFieldError('team', "team must be the id of one of the workspace's teams");
      // Both a topic and a team: tickets of that topic, if the team covers it.
      filter.topic = team.topics.filter((topic) => !query.topic || topic === query.topic);
    }
    return this.views.ticketViews(workspaceId, await this.tickets.list(workspaceId, filter));
  }

  /** An agent's correction of the ticket's labels, kept as training data for the offline classifier. */
  async correctLabels(
    workspaceId: WorkspaceId,
    ticketId: string,
    agent: Agent,
    change: TicketLabelsChange,
  ): Promise<TicketView> {
    return this.views.ticketView(workspaceId, await this.labels.correct(workspaceId, ticketId, agent.id, change));
  }

  /** The topics and teams the queue filters and the label editor offer. */
  async labelChoices(workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET ticket-labels'>> {
    const [settings, teams] = await Promise.all([this.workspaces.settings(workspaceId), this.teams.list(workspaceId)]);
    return {
      topics: settings.ticketTopics,
      teams: teams.map((team) => ({ id: team.id, name: team.name, topics: team.topics })),
    };
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
