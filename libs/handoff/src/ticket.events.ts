import { HandoffReason, Ticket, TicketResolution, TicketStatus } from '@switchboard/database';

export type TicketEventName =
  | 'ticket.opened'
  | 'ticket.assigned'
  | 'ticket.pending'
  | 'ticket.reopened'
  | 'ticket.resolved'
  | 'ticket.first_response'
  | 'ticket.labelled';

// Listed rather than matched with a wildcard: the api's EventEmitterModule runs without wildcards.
export const TICKET_EVENT_NAMES: readonly TicketEventName[] = [
  'ticket.opened',
  'ticket.assigned',
  'ticket.pending',
  'ticket.reopened',
  'ticket.resolved',
  'ticket.first_response',
  'ticket.labelled',
];

export type { TicketResolution };

export interface TicketEvent {
  name: TicketEventName;
  workspaceId: string;
  ticketId: string;
  conversationId: string;
  status: TicketStatus;
  reason: HandoffReason;
  assigneeId: string | null;
  /** The bot's confidence when it handed off, if it had one. */
  confidence: number | null;
  /** Who did it, when an agent did. */
  agentId: string | null;
  resolution?: TicketResolution;
  at: Date;
}

export function ticketEvent(
  name: TicketEventName,
  ticket: Ticket,
  extra: { agentId?: string | null; resolution?: TicketResolution } = {},
): TicketEvent {
  return {
    name,
    workspaceId: ticket.workspaceId,
    ticketId: ticket.id,
    conversationId: ticket.conversationId,
    status: ticket.status,
    reason: ticket.reason,
    assigneeId: ticket.assigneeId,
    confidence: confidenceOf(ticket),
    agentId: extra.agentId ?? null,
    ...(extra.resolution ? { resolution: extra.resolution } : {}),
    at: new Date(),
  };
}

function confidenceOf(ticket: Ticket): number | null {
  const confidence = (ticket.confidenceTrace as { confidence?: unknown } | undefined)?.confidence;
  return typeof confidence === 'number' && Number.isFinite(confidence) ? confidence : null;
}
