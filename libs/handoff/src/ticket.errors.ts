import { TicketStatus } from '@switchboard/database';
import { TicketRefusal } from './ticket.state-machine';

export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: string) {
    super(`Ticket ${ticketId} not found`);
    this.name = 'TicketNotFoundError';
  }
}

export class TicketAlreadyClaimedError extends Error {
  constructor(
    readonly ticketId: string,
    readonly assigneeId: string | null,
  ) {
    super(`Ticket ${ticketId} is already claimed by another agent`);
    this.name = 'TicketAlreadyClaimedError';
  }
}

export class IllegalTicketTransitionError extends Error {
  constructor(
    readonly ticketId: string,
    readonly status: TicketStatus,
    readonly action: string,
  ) {
    super(`Cannot ${action} ticket ${ticketId}: it is ${status}`);
    this.name = 'IllegalTicketTransitionError';
  }
}

/** The error a refused command raises; the console maps both to 409 (already_claimed, illegal_transition). */
export function ticketRefusalError(ticketId: string, refusal: TicketRefusal): Error {
  if (refusal.reason === 'held') return new TicketAlreadyClaimedError(ticketId, refusal.holderId);
  return new IllegalTicketTransitionError(ticketId, refusal.from, refusal.command.replace('_', ' '));
}
