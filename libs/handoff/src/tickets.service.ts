import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AgentDirectoryService } from '@switchboard/auth';
import {
  AgentNotFoundError,
  ConversationMessagesService,
  ConversationNotFoundError,
  ConversationOwnershipService,
  CustomerMessageContext,
  CustomerMessageHooksRegistry,
  canTransition,
  WorkspacesService,
} from '@switchboard/conversations';
import type { Agent, Conversation, Message } from '@switchboard/database';
import {
  HandoffReason,
  Ticket,
  UnitOfWork,
  Work,
  WorkspaceId,
  answerMetadataOf,
  asWorkspaceId,
  isUuid,
} from '@switchboard/database';
import { HandoffSummarizer, SummaryTurn } from './handoff-summary';
import { TeamsRepository } from './labels/teams.repository';
import { ClassifiedLabels, TicketClassifier, UNCLASSIFIED } from './labels/ticket-classifier';
import { TicketAlreadyClaimedError, TicketNotFoundError, ticketRefusalError } from './ticket.errors';
import { TicketResolution, ticketEvent } from './ticket.events';
import { TicketCommand, TicketState, nextTicketState, openedTicketState } from './ticket.state-machine';
import { TicketFilter, TicketsRepository } from './tickets.repository';

export type { TicketFilter };

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

/** A customer who writes again within this time after an agent resolved the ticket gets the ticket back, not the bot. */
export const TICKET_REOPEN_WINDOW_MS = 7 * 24 * 3600 * 1000;
const SUMMARY_TURNS = 20;

/**
 * Tickets record handoffs. Every write locks the conversation row first (the same lock customer messages take),
 * so ticket status and conversation owner always change together; every status change goes through the ticket
 * state machine; ticket.* events are published after commit.
 */
@Injectable()
export class TicketsService implements OnModuleInit {
  private readonly logger = new Logger(TicketsService.name);

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly ownership: ConversationOwnershipService,
    private readonly messages: ConversationMessagesService,
    private readonly hooks: CustomerMessageHooksRegistry,
    private readonly summarizer: HandoffSummarizer,
    private readonly unitOfWork: UnitOfWork,
    private readonly workspaces: WorkspacesService,
    private readonly agents: AgentDirectoryService,
    private readonly classifier: TicketClassifier,
    private readonly teams: TeamsRepository,
  ) {}

  onModuleInit(): void {
    // The bot's conversation has no pending ticket (a pending one is the agent's) and no resolved one to reopen.
    this.hooks.register((context) => this.onCustomerMessage(context), ['queued', 'agent', 'resolved']);
  }

  /**
   * Hands the conversation to people: ownership bot → queued, a ticket with summary and sources, and with
   * round-robin assignment the next online agent, all in one transaction. An active ticket is returned as is.
   */
  async openTicket(workspaceId: WorkspaceId, conversationId: string, input: OpenTicketInput): Promise<OpenedTicket> {
    asWorkspaceId(workspaceId);
    const active = await this.tickets.findActiveOfConversation(workspaceId, conversationId);
    if (active) return { ticket: active, created: false };
    const settings = await this.workspaces.settings(workspaceId);
    const turns = await this.summaryTurns(workspaceId, conversationId);
    // Summarised and classified before the transaction, side by side: an LLM call must not hold the conversation's
    // lock, and the customer waits for the slower of the two, not their sum.
    const [summary, { labels, source }] = await Promise.all([
      this.summarizer.summarize(workspaceId, {
        conversationId,
        reason: input.reason,
        turns,
        confidence: numberOf(input.confidenceTrace?.confidence),
        threshold: numberOf(input.confidenceTrace?.threshold) ?? settings.confidenceThreshold,
      }),
      this.classify(workspaceId, conversationId, turns, settings.ticketTopics),
    ]);

    return this.unitOfWork.run(workspaceId, async (work): Promise<OpenedTicket> => {
      const conversation = await this.messages.lockForChange(work, conversationId);
      const tickets = this.tickets.withManager(work.manager);
      const existing = await tickets.findActiveOfConversation(workspaceId, conversationId);
      if (existing) return { ticket: existing, created: false };

      let owner = conversation.owner;
      if (owner === 'resolved')
        owner = (await this.ownership.apply(workspaceId, conversationId, 'reopen', { work })).to;
      if (owner === 'bot') owner = (await this.ownership.apply(workspaceId, conversationId, 'hand_off', { work })).to;
      // An agent who took the conversation over without a ticket keeps it; the ticket records the handoff.
      const assigneeId = owner === 'agent' ? conversation.assigneeId : null;
      const roundRobin = !assigneeId && settings.assignment === 'round_robin';
      // Taken before the insert, so ticket creation times follow the order in which assignments were made.
      if (roundRobin) await tickets.lockRoundRobin(workspaceId);

      let ticket = await tickets.insert(workspaceId, {
        conversationId,
        reason: input.reason,
        ...openedTicketState(assigneeId),
        answerTraceId: input.answerTraceId ?? null,
        confidenceTrace: input.confidenceTrace ?? {},
        summary,
        sources: input.sources ?? [],
        ...labels,
        labelSource: source,
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
      const { ticket, conversation } = await this.lockTicket(work, ticketId);
      await this.requireAgent(work, agentId);
      const next = decide(ticket, { name: 'claim', agentId });
      if (!next) return ticket;
      if (conversation.owner === 'agent' && conversation.assigneeId !== agentId) {
        throw new TicketAlreadyClaimedError(ticketId, conversation.assigneeId);
      }
      if (conversation.owner !== 'agent') {
        await this.ownership.apply(workspaceId, conversation.id, 'claim', { work, agentId });
      }
      const claimed = await this.tickets.withManager(work.manager).update(workspaceId, ticket.id, next);
      work.raise(ticketEvent('ticket.assigned', claimed, { agentId }));
      return claimed;
    });
  }

  /** The agent waits on the customer; the conversation stays with the agent, the customer's reply reassigns it. */
  async markPending(workspaceId: WorkspaceId, ticketId: string, agentId: string): Promise<Ticket> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { ticket } = await this.lockTicket(work, ticketId);
      await this.requireAgent(work, agentId);
      const next = decide(ticket, { name: 'mark_pending', agentId });
      if (!next) return ticket;
      const pending = await this.tickets.withManager(work.manager).update(workspaceId, ticket.id, next);
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
    return this.tickets.list(workspaceId, filter);
  }

  /** The conversations with a ticket that matches: what other libs filter by, without reading `tickets`. */
  conversationIdsWithTickets(workspaceId: WorkspaceId, filter: TicketFilter): Promise<string[]> {
    return this.tickets.conversationIdsOf(workspaceId, filter);
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
    const tickets = this.tickets.withManager(manager);
    const latest = await tickets.lockLatestOfConversation(workspaceId, conversation.id);
    if (!latest) return;
    const resumed = decide(latest, { name: 'customer_message' });
    if (resumed) {
      work.raise(ticketEvent('ticket.reopened', await tickets.update(workspaceId, latest.id, resumed)));
    } else if (this.reopensOnReply(context, latest)) {
      // The messages service has just reopened the conversation to the bot; the ticket takes it back.
      await this.ownership.apply(workspaceId, conversation.id, 'hand_off', { work });
      const ticket = await this.reopen(work, latest);
      work.raise(ticketEvent('ticket.reopened', ticket));
      if (ticket.status === 'open') {
        if ((await this.workspaces.settings(workspaceId)).assignment === 'round_robin') {
          const assigned = await this.assignRoundRobin(work, ticket);
          if (assigned) work.raise(ticketEvent('ticket.assigned', assigned));
        }
      }
    }
  }

  /** Whether the customer's message reopens the resolved ticket: see onCustomerMessage. */
  private reopensOnReply(context: CustomerMessageContext, latest: Ticket): boolean {
    return (
      latest.status === 'resolved' &&
      context.ownerBefore === 'resolved' &&
      latest.resolvedAt !== null &&
      context.message.createdAt.getTime() - latest.resolvedAt.getTime() <= TICKET_REOPEN_WINDOW_MS &&
      latest.resolution === 'resolved'
    );
  }

  /** Back to the agent who resolved it when they are online (the conversation with it), else to the queue. */
  private async reopen(work: Work, resolved: Ticket): Promise<Ticket> {
    const { manager, workspaceId } = work;
    const previous = resolved.assigneeId ? await this.agents.findPresent(workspaceId, resolved.assigneeId, work) : null;
    const next = decide(resolved, { name: 'reopen', agentId: previous?.id ?? null });
    if (!next) return resolved;
    if (previous && next.assigneeId === previous.id) {
      await this.ownership.apply(workspaceId, resolved.conversationId, 'claim', { work, agentId: previous.id });
    }
    return this.tickets
      .withManager(manager)
      .update(workspaceId, resolved.id, { ...next, resolvedAt: null, resolution: null });
  }

  private async close(
    workspaceId: WorkspaceId,
    ticketId: string,
    agentId: string,
    resolution: TicketResolution,
  ): Promise<Ticket> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const { ticket, conversation } = await this.lockTicket(work, ticketId);
      const agent = await this.requireAgent(work, agentId);
      const action = resolution === 'handed_back' ? 'hand_back' : 'resolve';
      const next = decide(ticket, { name: action, agentId });
      if (!next) return ticket;
      if (canTransition(conversation.owner, action)) {
        await this.ownership.apply(workspaceId, conversation.id, action, { work, agentId });
      }
      const closed = await this.tickets
        .withManager(work.manager)
        .update(workspaceId, ticket.id, { ...next, resolvedAt: new Date(), resolution });
      const text =
        resolution === 'handed_back' ? `${agent.name} handed back to bot` : `${agent.name} resolved the conversation`;
      // The transcript line tells the agents how the ticket ended; the reopen rule reads the ticket's column.
      await this.messages.addActivity(workspaceId, conversation.id, text, {
        work,
        metadata: { ticketId: ticket.id, resolution, agentId },
      });
      if (resolution === 'handed_back') await this.tellCustomerAgentLeft(work, ticket, agent);
      work.raise(ticketEvent('ticket.resolved', closed, { agentId, resolution }));
      return closed;
    });
  }

  /**
   * Least recently assigned online agent, under a per-workspace advisory lock so racing tickets rotate: among the
   * teams that cover the ticket's topic first, else among everyone.
   */
  private async assignRoundRobin(work: Work, ticket: Ticket): Promise<Ticket | null> {
    const { manager, workspaceId } = work;
    const tickets = this.tickets.withManager(manager);
    await tickets.lockRoundRobin(workspaceId);
    const team = ticket.topic ? await this.teams.withManager(manager).agentIdsForTopic(workspaceId, ticket.topic) : [];
    const agentId =
      (team.length > 0 ? await tickets.nextRoundRobinAgent(workspaceId, ticket.id, team) : null) ??
      (await tickets.nextRoundRobinAgent(workspaceId, ticket.id));
    if (!agentId) return null;
    const next = decide(ticket, { name: 'assign', agentId });
    if (!next) return null;
    await this.ownership.apply(workspaceId, ticket.conversationId, 'claim', { work, agentId });
    return tickets.update(workspaceId, ticket.id, next);
  }

  /** After a hand-back the customer hears that the person left and the assistant answers again. */
  private async tellCustomerAgentLeft(work: Work, ticket: Ticket, agent: Agent): Promise<Message> {
    const message = await this.messages.addBotMessage(work.workspaceId, ticket.conversationId, {
      work,
      notice: true,
      content: handedBackMessage(agent.name),
      kind: 'activity',
      metadata: { event: 'handed_back', ticketId: ticket.id },
    });
    // A notice is always stored; null would mean the conversation vanished under its own lock.
    if (!message) throw new ConversationNotFoundError(ticket.conversationId);
    return message;
  }

  /** Conversation row first, then the ticket row: the order customer messages use too, so the two never deadlock. */
  private async lockTicket(work: Work, ticketId: string): Promise<{ ticket: Ticket; conversation: Conversation }> {
    const { workspaceId } = work;
    const tickets = this.tickets.withManager(work.manager);
    const found = await tickets.findById(workspaceId, ticketId);
    if (!found) throw new TicketNotFoundError(ticketId);
    const conversation = await this.messages.lockForChange(work, found.conversationId);
    const ticket = await tickets.lockById(workspaceId, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return { ticket, conversation };
  }

  private async requireAgent(work: Work, agentId: string): Promise<Agent> {
    const agent = await this.agents.find(work.workspaceId, agentId, work);
    if (!agent) throw new AgentNotFoundError(agentId);
    return agent;
  }

  /** Labels for a new ticket; a failure leaves it unclassified rather than holding up the handoff. */
  private async classify(
    workspaceId: WorkspaceId,
    conversationId: string,
    turns: readonly SummaryTurn[],
    topics: readonly string[],
  ): Promise<{ labels: ClassifiedLabels['labels']; source: ClassifiedLabels['source'] | null }> {
    try {
      const texts = turns.filter((turn) => turn.role === 'customer').map((turn) => turn.text);
      return await this.classifier.classify(workspaceId, texts, topics, conversationId);
    } catch (error) {
      this.logger.warn(`ticket classification failed: ${error instanceof Error ? error.message : String(error)}`);
      return { labels: UNCLASSIFIED, source: null };
    }
  }

  private async summaryTurns(workspaceId: WorkspaceId, conversationId: string): Promise<SummaryTurn[]> {
    if (!isUuid(conversationId)) throw new ConversationNotFoundError(conversationId);
    const rows = await this.messages.recentDialogue(workspaceId, conversationId, SUMMARY_TURNS);
    return rows.map((message) => ({
      role: message.author === 'contact' ? 'customer' : message.author === 'agent' ? 'agent' : 'bot',
      text: message.content,
      confidence: numberOf(answerMetadataOf(message)?.confidence),
    }));
  }
}

/** Readable handoff reasons for transcript lines; the console has its own copy for the lines already stored. */
export const HANDOFF_REASON_LABELS: Record<HandoffReason, string> = {
  low_confidence: 'Bot unsure',
  customer_asked: 'Customer asked for a person',
  negative_feedback: 'Negative feedback',
  action_failed: 'Action failed',
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

/**
 * The state machine's answer for the ticket: the state to write, or null when nothing changes. A refusal throws
 * the error the console maps to 409 (already_claimed or illegal_transition).
 */
function decide(ticket: Ticket, command: TicketCommand): TicketState | null {
  const transition = nextTicketState(ticket, command);
  if (transition.outcome === 'refused') throw ticketRefusalError(ticket.id, transition.refusal);
  return transition.outcome === 'moved' ? transition.to : null;
}
