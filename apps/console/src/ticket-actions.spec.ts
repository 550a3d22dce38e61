import type { TicketView } from '@switchboard/contracts';
import { availableTicketActions, ticketActionLabel } from './ticket-actions';

const ME = 'me';

function ticket(status: TicketView['status'], assigneeId: string | null): TicketView {
  return {
    id: 't',
    status,
    reason: 'policy',
    summary: '',
    conversationId: 'c',
    createdAt: '2024-05-10T10:00:00Z',
    firstResponseAt: null,
    resolvedAt: null,
    resolution: null,
    assignee: assigneeId === null ? null : { id: assigneeId, name: 'Someone' },
    contact: { name: null, email: null },
    inbox: { name: 'Support', channel: 'widget' },
    lastMessage: null,
    confidence: null,
    confidenceTrace: {},
    sources: [],
    labels: { topic: null, urgency: null, sentiment: null, language: null, source: null },
  };
}

const labels = (t: TicketView): string[] => availableTicketActions(t, ME).map(ticketActionLabel);

describe('availableTicketActions', () => {
  it('offers Claim on an open ticket', () => {
    expect(labels(ticket('open', null))).toEqual(['Claim']);
  });

  it('offers Mark pending, Resolve and Hand back to bot on my assigned ticket', () => {
    expect(labels(ticket('assigned', ME))).toEqual(['Mark pending', 'Resolve', 'Hand back to bot']);
  });

  it('does not offer Mark pending on a ticket that is already pending', () => {
    expect(labels(ticket('pending', ME))).toEqual(['Resolve', 'Hand back to bot']);
  });

  it("offers nothing on another agent's ticket or a resolved one", () => {
    expect(labels(ticket('assigned', 'other'))).toEqual([]);
    expect(labels(ticket('pending', 'other'))).toEqual([]);
    expect(labels(ticket('resolved', ME))).toEqual([]);
  });

  it('lets anyone claim an assigned ticket whose assignee is gone', () => {
    expect(labels(ticket('pending', null))).toEqual(['Claim']);
  });
});
