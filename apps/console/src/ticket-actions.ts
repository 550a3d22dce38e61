import type { TicketAction, TicketView } from '@switchboard/contracts';

/** The actions that apply to a ticket for this agent, in the order the buttons appear. */
export function availableTicketActions(ticket: TicketView, myAgentId: string): TicketAction[] {
  switch (ticket.status) {
    case 'open':
      return ['claim'];
    case 'assigned':
    case 'pending': {
      if (ticket.assignee === null) return ['claim'];
      if (ticket.assignee.id !== myAgentId) return [];
      return ticket.status === 'assigned' ? ['pending', 'resolve', 'hand-back'] : ['resolve', 'hand-back'];
    }
    case 'resolved':
      return [];
  }
}

export function ticketActionLabel(action: TicketAction): string {
  switch (action) {
    case 'claim':
      return 'Claim';
    case 'pending':
      return 'Mark pending';
    case 'resolve':
      return 'Resolve';
    case 'hand-back':
      return 'Hand back to bot';
  }
}
