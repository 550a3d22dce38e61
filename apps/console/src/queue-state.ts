import type { ConsoleMessage, TicketStatus, TicketView } from '@switchboard/contracts';
import { labelFilterParams, matchesLabelFilter, type LabelFilter } from './ticket-labels';

export type QueueStatusFilter = TicketStatus | 'active';
export type QueueScope = 'all' | 'mine' | 'unassigned';

export interface QueueFilter {
  status: QueueStatusFilter;
  scope: QueueScope;
  /** Topic, urgency, sentiment, language and team; absent: no label filter. */
  labels?: LabelFilter;
}

export const DEFAULT_QUEUE_FILTER: QueueFilter = { status: 'active', scope: 'all' };

const ACTIVE_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['open', 'assigned', 'pending']);

/** Whether a ticket belongs in the queue the agent is looking at. */
export function matchesQueueFilter(ticket: TicketView, filter: QueueFilter, myAgentId: string): boolean {
  const statusMatches =
    filter.status === 'active' ? ACTIVE_STATUSES.has(ticket.status) : ticket.status === filter.status;
  if (!statusMatches) return false;
  if (filter.labels && !matchesLabelFilter(ticket.labels, filter.labels)) return false;
  switch (filter.scope) {
    case 'all':
      return true;
    case 'mine':
      return ticket.assignee?.id === myAgentId;
    case 'unassigned':
      return ticket.assignee === null;
  }
}

/** Oldest first, like the server, so the longest wait is on top; id breaks ties for a stable order. */
export function compareTickets(a: TicketView, b: TicketView): number {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortTickets(tickets: readonly TicketView[]): TicketView[] {
  return [...tickets].sort(compareTickets);
}

/** Applies a changed ticket: placed in order when it matches the filter, dropped when it no longer does. */
export function upsertTicket(
  tickets: readonly TicketView[],
  ticket: TicketView,
  filter: QueueFilter,
  myAgentId: string,
): TicketView[] {
  const others = tickets.filter((existing) => existing.id !== ticket.id);
  if (!matchesQueueFilter(ticket, filter, myAgentId)) return others;
  const index = others.findIndex((existing) => compareTickets(ticket, existing) < 0);
  if (index === -1) return [...others, ticket];
  return [...others.slice(0, index), ticket, ...others.slice(index)];
}

/** Puts a new message on every row of its conversation; notes and older messages leave the preview alone. */
export function applyMessageToTickets(
  tickets: readonly TicketView[],
  conversationId: string,
  message: ConsoleMessage,
): TicketView[] {
  if (message.private) return [...tickets];
  return tickets.map((ticket) => {
    if (ticket.conversationId !== conversationId) return ticket;
    const previous = ticket.lastMessage;
    if (previous && Date.parse(previous.createdAt) > Date.parse(message.createdAt)) return ticket;
    return {
      ...ticket,
      lastMessage: { content: message.content, author: message.author, createdAt: message.createdAt },
    };
  });
}

export function queueQuery(filter: QueueFilter): string {
  return new URLSearchParams({
    status: filter.status,
    scope: filter.scope,
    ...labelFilterParams(filter.labels ?? {}),
  }).toString();
}
