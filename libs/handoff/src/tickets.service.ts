import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AgentNotFoundError,
  ConversationMessagesService,
  ConversationNotFoundError,
  ConversationOwnershipService,
  CustomerMessageContext,
  CustomerMessageHooksRegistry,
  canTransition,
} from '@switchboard/conversations';
import {
  Agent,
  Conversation,
  DEFAULT_WORKSPACE_SETTINGS,
  HandoffReason,
  Message,
  Ticket,
  TicketStatus,
  TenantRepository,
  UnitOfWork,
  Work,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
  isUuid,
  presenceCutoff,
  presentAgentWhere,
} from '@switchboard/database';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HandoffSummarizer, SummaryTurn } from './handoff-summary';
import { IllegalTicketTransitionError, TicketAlreadyClaimedError, TicketNotFoundError } from './ticket.errors';
import { TicketResolution, ticketEvent } from './ticket.events';

export interface OpenTicketInput {
  reason: HandoffReason;
  answerTraceId?: string | null;
  confidenceTrace?: Record<string, unknown>;
  sources?: Ticket['sources'];
}

export interface OpenedTicket {
  ticket: Ticket;
  /** False when the conversation already had an active ticket, which is returned instead. */
  created: boolean;
}

export interface TicketFilter {
  status?: TicketStatus | TicketStatus[];
  assigneeId?: string;
  unassigned?: boolean;
  conversationId?: string;
  limit?: number;
}

const ACTIVE: TicketStatus[] = ['open', 'assigned', 'pending'];
/** A customer who writes again within this time after an agent resolved the ticket gets the ticket back, not the bot. */
export const TICKET_REOPEN_WINDOW_MS = 7 * 24 * 3600 * 1000;
// Namespace of the two-key advisory lock that serialises round-robin picks within a workspace.
const ROUND_ROBIN_LOCK = 5_110_211;
const SUMMARY_TURNS = 20;

/**
 * Tickets record handoffs. Every write locks the conversation row first (the same lock customer messages take),
 * so ticket status and conversation owner always change together; ticket.* events are published after commit.
 */
@Injectable()
export class TicketsService implements OnModuleInit {
  private readonly tickets: TenantRepository<Ticket>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ownership: ConversationOwnershipService,
    private readonly messages: ConversationMessagesService,
    private readonly hooks: CustomerMessageHooksRegistry,
    private readonly summarizer: HandoffSummarizer,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.tickets = new TenantRepository(dataSource.getRepository(Ticket));
  }

  onModuleInit(): void {
    this.hooks.register((context) => this.onCustomerMessage(context));
  }

  /**
   * Hands the conversation to people: ownership bot → queued, a ticket with summary and sources, and with
   * round-robin assignment the next online agent, all in one transaction. An active ticket is returned as is.
   */
  async openTicket(workspaceId: WorkspaceId, conversationId: string, input: OpenTicketInput): Promise<OpenedTicket> {
    asWorkspaceId(workspaceId);
    const active = await this.activeTicket(this.dataSource.manager, workspaceId, conversationId);
    if (active) return { ticket: active, created: false };
    const workspace = await this.dataSource.getRepository(Workspace).findOne({ where: { id: workspaceId } });
    const settings = { ...DEFAULT_WORKSPACE_SETTINGS, ...(workspace?.settings ?? {}) };
    // Summarised before the transaction: an LLM call must not hold the conversation's lock.
    const summary = await this.summarizer.summarize(workspaceId, {
      reason: input.reason,
      turns: await this.summaryTurns(workspaceId, conversationId),
      confidence: numberOf(input.confidenceTrace?.confidence),
      threshold: numberOf(input.confidenceTrace?.threshold) ?? settings.confidenceThreshold,
    });

    return this.unitOfWork.run(workspaceId, async (work): Promise<OpenedTicket> => {
      const { manager } = work;
      const conversation = await this.lockConversation(manager, workspaceId, conversationId);
      const existing = await this.activeTicket(manager, workspaceId, conversationId);
      if (existing) return { ticket: existing, created: false };

      let owner = conversation.owner;
      if (owner === 'resolved')
        owner = (await this.ownership.apply(workspaceId, conversationId, 'reopen', { work })).to;
      if (owner === 'bot') owner = (await this.ownership.apply(workspaceId, conversationId, 'hand_off', { work })).to;
      // An agent who took the conversation over without a ticket keeps it; the ticket records the handoff.
      const assigneeId = owner === 'agent' ? conversation.assigneeId : null;
      const roundRobin = !assigneeId && settings.assignment === 'round_robin';
      // Taken before the insert, so ticket creation times follow the order in which assignments were made.
      if (roundRobin) await this.lockRoundRobin(manager, workspaceId);

      let ticket = await this.insertTicket(manager, workspaceId, {
        conversationId,
        reason: input.reason,
        status: assigneeId ? 'assigned' : 'open',
        assigneeId,
        answerTraceId: input.answerTraceId ?? null,
        confidenceTrace: input.confidenceTrace ?? {},
        summary,
        sources: input.sources ?? [],
      });
      work.raise(ticketEvent('ticket.opened', ticket));
      await this.messages.addActivity(
        workspaceId,
        conversationId,
        `Handed off to a person: ${HANDOFF_REASON_LABELS[input.reason]}`,
        {
          work,
          metadata: { ticketId: ticket.id, event: 'handoff', reason: input.reason },
        },
      );
      if (roundRobin) {
        const assigned = await this.assignRoundRobin(work, ticket);
        if (assigned) {
          ticket = assigned;
          work.raise(ticketEvent('ticket.assigned', ticket));
        }
      }
      return { ticket, created: true };
    });
  }

  /** An agent takes an open ticket; a ticket another agent holds raises TicketAlreadyClaimedError. */
  async claim(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<Ticket> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { manager } = work;
      const { ticket, conversation } = await this.lockTicket(manager, workspaceId, ticketId);
      await this.requireAgent(manager, workspaceId, agentId);
      if (ticket.status === 'resolved') throw new IllegalTicketTransitionError(ticketId, ticket.status, 'claim');
      if (ticket.status === 'assigned' || ticket.status === 'pending') {
        if (ticket.assigneeId === agentId) return ticket;
        throw new TicketAlreadyClaimedError(ticketId, ticket.assigneeId);
      }
      if (conversation.owner === 'agent' && conversation.assigneeId !== agentId) {
        throw new TicketAlreadyClaimedError(ticketId, conversation.assigneeId);
      }
      if (conversation.owner !== 'agent') {
        await this.ownership.apply(workspaceId, conversation.id, 'claim', { work, agentId });
      }
      const claimed = await this.updateTicket(manager, workspaceId, ticket.id, {
        status: 'assigned',
        assigneeId: agentId,
      });
      work.raise(ticketEvent('ticket.assigned', claimed, { agentId }));
      return claimed;
    });
  }

  /** The agent waits on the customer; the conversation stays with the agent, the customer's reply reassigns it. */
  async markPending(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<Ticket> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { manager } = work;
      const { ticket } = await this.lockTicket(manager, workspaceId, ticketId);
      await this.requireAgent(manager, workspaceId, agentId);
      this.requireHolder(ticket, agentId);
      if (ticket.status === 'pending') return ticket;
      if (ticket.status !== 'assigned') throw new IllegalTicketTransitionError(ticketId, ticket.status, 'mark pending');
      const pending = await this.updateTicket(manager, workspaceId, ticket.id, { status: 'pending' });
      work.raise(ticketEvent('ticket.pending', pending, { agentId }));
      return pending;
    });
  }

  /** Resolves the ticket and the conversation. */
  resolve(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<Ticket> {
    return this.close(workspaceId, ticketId, agentId, 'resolved');
  }

  /** Returns the conversation to the bot (the agent's turns stay in its context) and resolves the ticket. */
  handBack(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<Ticket> {
    return this.close(workspaceId, ticketId, agentId, 'handed_back');
  }

  async get(workspaceId: WorkspaceId, ticketId: string): Promise<Ticket> {
    const ticket = await this.tickets.findById(workspaceId, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  /** The queue: oldest first, so the longest-waiting customer is at the top. */
  list(workspaceId: WorkspaceId, filter: TicketFilter = {}): Promise<Ticket[]> {
    const status =
      filter.status === undefined ? undefined : Array.isArray(filter.status) ? In(filter.status) : filter.status;
    return this.tickets.find(workspaceId, {
      where: {
        ...(status !== undefined ? { status } : {}),
        ...(filter.unassigned ? { assigneeId: IsNull() } : filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
        ...(filter.conversationId ? { conversationId: filter.conversationId } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: filter.limit ?? 200,
    });
  }

  /**
   * Reopen rule, run inside the customer message's transaction:
   * - pending ticket → assigned to the same agent (open if it had none); the agent still owns the conversation;
   * - ticket resolved by an agent (not handed back) within TICKET_REOPEN_WINDOW_MS, in a conversation that was
   *   resolved → the conversation goes back to the queue and the ticket reopens: assigned to the same agent when
   *   that agent is online, else open (round-robin applies). The bot stays silent for that message;
   * - anything else (handed back, old, or still active) → nothing: the bot or the current owner handles it.
   */
  private async onCustomerMessage(context: CustomerMessageContext): Promise<void> {
    const { work, conversation } = context;
    const { manager, workspaceId } = work;
    const latest = await manager.getRepository(Ticket).findOne({
      where: { workspaceId, conversationId: conversation.id },
      order: { createdAt: 'DESC', id: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!latest) return;
    if (latest.status === 'pending') {
      const status: TicketStatus = latest.assigneeId ? 'assigned' : 'open';
      work.raise(ticketEvent('ticket.reopened', await this.updateTicket(manager, workspaceId, latest.id, { status })));
    } else if (
      latest.status === 'resolved' &&
      context.ownerBefore === 'resolved' &&
      latest.resolvedAt !== null &&
      context.message.createdAt.getTime() - latest.resolvedAt.getTime() <= TICKET_REOPEN_WINDOW_MS &&
      (await this.resolutionOf(manager, workspaceId, latest)) === 'resolved'
    ) {
      // The messages service has just reopened the conversation to the bot; the ticket takes it back.
      await this.ownership.apply(workspaceId, conversation.id, 'hand_off', { work });
      const previous = latest.assigneeId ? await this.onlineAgent(manager, workspaceId, latest.assigneeId) : null;
      let ticket: Ticket;
      if (previous) {
        await this.ownership.apply(workspaceId, conversation.id, 'claim', { work, agentId: previous.id });
        ticket = await this.updateTicket(manager, workspaceId, latest.id, {
          status: 'assigned',
          resolvedAt: null,
          resolution: null,
        });
        work.raise(ticketEvent('ticket.reopened', ticket));
      } else {
        ticket = await this.updateTicket(manager, workspaceId, latest.id, {
          status: 'open',
          assigneeId: null,
          resolvedAt: null,
          resolution: null,
        });
        work.raise(ticketEvent('ticket.reopened', ticket));
        const workspace = await manager.getRepository(Workspace).findOne({ where: { id: workspaceId } });
        if (workspace?.settings.assignment === 'round_robin') {
          const assigned = await this.assignRoundRobin(work, ticket);
          if (assigned) work.raise(ticketEvent('ticket.assigned', assigned));
        }
      }
    }
  }

  private async close(
    workspaceId: WorkspaceId,
    ticketId: string,
    agentId: string,
    resolution: TicketResolution,
  ): Promise<Ticket> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { manager } = work;
      const { ticket, conversation } = await this.lockTicket(manager, workspaceId, ticketId);
      const agent = await this.requireAgent(manager, workspaceId, agentId);
      if (ticket.status === 'resolved') return ticket;
      this.requireHolder(ticket, agentId);
      const action = resolution === 'handed_back' ? 'hand_back' : 'resolve';
      if (canTransition(conversation.owner, action)) {
        await this.ownership.apply(workspaceId, conversation.id, action, { work, agentId });
      }
      const closed = await this.updateTicket(manager, workspaceId, ticket.id, {
        status: 'resolved',
        resolvedAt: new Date(),
        resolution,
      });
      const text =
        resolution === 'handed_back' ? `${agent.name} handed back to bot` : `${agent.name} resolved the conversation`;
      // The resolution lives on the transcript (no column for it yet); the reopen rule reads it back.
      await this.messages.addActivity(workspaceId, conversation.id, text, {
        work,
        metadata: { ticketId: ticket.id, resolution, agentId },
      });
      if (resolution === 'handed_back') await this.tellCustomerAgentLeft(work, ticket, agent);
      work.raise(ticketEvent('ticket.resolved', closed, { agentId, resolution }));
      return closed;
    });
  }

  /** Least recently assigned online agent, under a per-workspace advisory lock so racing tickets rotate. */
  private async assignRoundRobin(work: Work, ticket: Ticket): Promise<Ticket | null> {
    const { manager, workspaceId } = work;
    await this.lockRoundRobin(manager, workspaceId);
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT a.id
         FROM agents a
         LEFT JOIN LATERAL (
           SELECT max(t."createdAt") AS last
             FROM tickets t
            WHERE t."workspaceId" = a."workspaceId" AND t."assigneeId" = a.id AND t.id <> $2
         ) l ON true
        WHERE a."workspaceId" = $1 AND a.availability = 'online' AND a."lastSeenAt" > $3
        ORDER BY l.last ASC NULLS FIRST, a."createdAt" ASC, a.id ASC
        LIMIT 1`,
      [workspaceId, ticket.id, presenceCutoff()],
    );
    const agentId = rows[0]?.id;
    if (!agentId) return null;
    await this.ownership.apply(workspaceId, ticket.conversationId, 'claim', { work, agentId });
    return this.updateTicket(manager, workspaceId, ticket.id, { status: 'assigned', assigneeId: agentId });
  }

  /** After a hand-back the customer hears that the person left and the assistant answers again. */
  private async tellCustomerAgentLeft(work: Work, ticket: Ticket, agent: Agent): Promise<Message> {
    const message = await this.messages.addBotMessage(work.workspaceId, ticket.conversationId, {
      work,
      notice: true,
      content: handedBackMessage(agent.name),
      metadata: { kind: 'activity', event: 'handed_back', ticketId: ticket.id },
    });
    // A notice is always stored; null would mean the conversation vanished under its own lock.
    if (!message) throw new ConversationNotFoundError(ticket.conversationId);
    return message;
  }

  private async lockRoundRobin(manager: EntityManager, workspaceId: WorkspaceId): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ROUND_ROBIN_LOCK, workspaceId]);
  }

  private async insertTicket(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    values: Pick<
      Ticket,
      | 'conversationId'
      | 'reason'
      | 'status'
      | 'assigneeId'
      | 'answerTraceId'
      | 'confidenceTrace'
      | 'summary'
      | 'sources'
    >,
  ): Promise<Ticket> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Ticket)
      .values({
        ...values,
        workspaceId,
        // Real time, not the transaction's start: rotation orders agents by their latest ticket.
        createdAt: () => 'clock_timestamp()',
      } as QueryDeepPartialEntity<Ticket>)
      .returning('id')
      .execute();
    return this.reload(manager, workspaceId, (inserted.identifiers[0] as { id: string }).id);
  }

  private async updateTicket(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    ticketId: string,
    values: Partial<Pick<Ticket, 'status' | 'assigneeId' | 'resolvedAt' | 'firstResponseAt' | 'resolution'>>,
  ): Promise<Ticket> {
    await manager.getRepository(Ticket).update({ id: ticketId, workspaceId }, values);
    return this.reload(manager, workspaceId, ticketId);
  }

  private async reload(manager: EntityManager, workspaceId: WorkspaceId, ticketId: string): Promise<Ticket> {
    const ticket = await manager.getRepository(Ticket).findOne({ where: { id: ticketId, workspaceId } });
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  /** Conversation row first, then the ticket row: the order customer messages use too, so the two never deadlock. */
  private async lockTicket(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    ticketId: string,
  ): Promise<{ ticket: Ticket; conversation: Conversation }> {
    asWorkspaceId(workspaceId);
    const found = isUuid(ticketId)
      ? await manager.getRepository(Ticket).findOne({ where: { id: ticketId, workspaceId } })
      : null;
    if (!found) throw new TicketNotFoundError(ticketId);
    const conversation = await this.lockConversation(manager, workspaceId, found.conversationId);
    const ticket = await manager
      .getRepository(Ticket)
      .findOne({ where: { id: ticketId, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return { ticket, conversation };
  }

  private async lockConversation(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    conversationId: string,
  ): Promise<Conversation> {
    const conversation = isUuid(conversationId)
      ? await manager
          .getRepository(Conversation)
          .findOne({ where: { id: conversationId, workspaceId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    return conversation;
  }

  private activeTicket(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    conversationId: string,
  ): Promise<Ticket | null> {
    if (!isUuid(conversationId)) return Promise.resolve(null);
    return manager.getRepository(Ticket).findOne({
      where: { workspaceId, conversationId, status: In(ACTIVE) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  private async requireAgent(manager: EntityManager, workspaceId: WorkspaceId, agentId: string): Promise<Agent> {
    const agent = isUuid(agentId)
      ? await manager.getRepository(Agent).findOne({ where: { id: agentId, workspaceId } })
      : null;
    if (!agent) throw new AgentNotFoundError(agentId);
    return agent;
  }

  /** Only the agent holding a ticket acts on it; an unassigned one anyone may close. Checked under the ticket's lock. */
  private requireHolder(ticket: Ticket, agentId: string): void {
    if (ticket.assigneeId && ticket.assigneeId !== agentId)
      throw new TicketAlreadyClaimedError(ticket.id, ticket.assigneeId);
  }

  private async onlineAgent(manager: EntityManager, workspaceId: WorkspaceId, agentId: string): Promise<Agent | null> {
    return manager.getRepository(Agent).findOne({ where: { id: agentId, workspaceId, ...presentAgentWhere() } });
  }

  private async resolutionOf(
    manager: EntityManager,
    workspaceId: WorkspaceId,
    ticket: Ticket,
  ): Promise<TicketResolution | null> {
    if (ticket.resolution) return ticket.resolution;
    // Tickets resolved before the column existed: the resolution is on the transcript.
    const rows: Array<{ resolution: string }> = await manager.query(
      `SELECT metadata->>'resolution' AS resolution
         FROM messages
        WHERE "workspaceId" = $1 AND "conversationId" = $2 AND direction = 'activity'
          AND metadata->>'ticketId' = $3 AND metadata ? 'resolution'
        ORDER BY "createdAt" DESC
        LIMIT 1`,
      [workspaceId, ticket.conversationId, ticket.id],
    );
    const resolution = rows[0]?.resolution;
    return resolution === 'resolved' || resolution === 'handed_back' ? resolution : null;
  }

  private async summaryTurns(workspaceId: WorkspaceId, conversationId: string): Promise<SummaryTurn[]> {
    if (!isUuid(conversationId)) throw new ConversationNotFoundError(conversationId);
    const rows = await this.dataSource.getRepository(Message).find({
      where: { workspaceId, conversationId, private: false, author: In(['contact', 'bot', 'agent']) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: SUMMARY_TURNS,
    });
    return rows.reverse().map((message) => ({
      role: message.author === 'contact' ? 'customer' : message.author === 'agent' ? 'agent' : 'bot',
      text: message.content,
      confidence: numberOf(message.metadata.confidence),
    }));
  }
}

/** Readable handoff reasons for transcript lines; the console has its own copy for the lines already stored. */
export const HANDOFF_REASON_LABELS: Record<HandoffReason, string> = {
  low_confidence: 'Bot unsure',
  customer_asked: 'Customer asked for a person',
  negative_feedback: 'Negative feedback',
  llm_failure: 'Model failure',
  policy: 'Policy',
};

/** What the customer reads when an agent hands the conversation back to the bot. */
export function handedBackMessage(agentName: string): string {
  return `${agentName} has left the conversation. The assistant is answering again; ask for a person at any time.`;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
