import { TicketStatus } from '@switchboard/database';

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
