import { IllegalTicketTransitionError, TicketAlreadyClaimedError, ticketRefusalError } from './ticket.errors';

describe('ticket refusal errors', () => {
  it('raises TicketAlreadyClaimedError, with the holder, for a ticket another agent holds', () => {
    const error = ticketRefusalError('t-1', { reason: 'held', holderId: 'agent-b' });
    expect(error).toBeInstanceOf(TicketAlreadyClaimedError);
    expect(error).toMatchObject({ ticketId: 't-1', assigneeId: 'agent-b' });
  });

  it('raises IllegalTicketTransitionError naming the command as before the state machine', () => {
    const error = ticketRefusalError('t-1', { reason: 'illegal', from: 'open', command: 'mark_pending' });
    expect(error).toBeInstanceOf(IllegalTicketTransitionError);
    expect(error).toMatchObject({ ticketId: 't-1', status: 'open', action: 'mark pending' });
    expect(error.message).toBe('Cannot mark pending ticket t-1: it is open');
  });
});
