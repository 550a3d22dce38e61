import type { ConsoleMessage, TicketView } from '@switchboard/contracts';
import { applyMessageToTickets, matchesQueueFilter, queueQuery, sortTickets, upsertTicket } from './queue-state';

const ME = 'agent-me';

function ticket(id: string, overrides: Partial<TicketView> = {}): TicketView {
  return {
    id,
    status: 'open',
    reason: 'low_confidence',
    summary: 'Customer wants a refund',
    conversationId: `conv-${id}`,
    createdAt: '2024-05-10T10:00:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    resolution: null,
    assignee: null,
    contact: { name: 'Jane', email: 'jane@example.com' },
    inbox: { name: 'Support', channel: 'widget' },
    lastMessage: null,
    confidence: 0.3,
    confidenceTrace: {},
    sources: [],
    labels: { topic: null, urgency: null, sentiment: null, language: null, source: null },
    ...overrides,
  };
}

function message(overrides: Partial<ConsoleMessage> = {}): ConsoleMessage {
  return {
    id: 'm1',
    author: 'contact',
    content: 'Hello?',
    createdAt: '2024-05-10T10:05:00.000Z',
    clientMessageId: null,
    agentName: null,
    kind: 'message',
    citations: [],
    confidence: null,
    collectEmail: false,
    private: false,
    agentId: null,
    metadata: {},
    replyTo: null,
    confirmation: null,
    ratingRequest: false,
    ...overrides,
  };
}

describe('matchesQueueFilter', () => {
  const mine = ticket('a', { status: 'assigned', assignee: { id: ME, name: 'Me' } });
  const theirs = ticket('b', { status: 'pending', assignee: { id: 'other', name: 'Bo' } });
  const open = ticket('c');
  const resolved = ticket('d', { status: 'resolved', assignee: { id: ME, name: 'Me' } });

  it('treats active as open, assigned and pending', () => {
    const active = { status: 'active', scope: 'all' } as const;
    expect([mine, theirs, open, resolved].filter((t) => matchesQueueFilter(t, active, ME))).toEqual([
      mine,
      theirs,
      open,
    ]);
  });

  it('matches one status exactly', () => {
    const filter = { status: 'resolved', scope: 'all' } as const;
    expect(matchesQueueFilter(resolved, filter, ME)).toBe(true);
    expect(matchesQueueFilter(open, filter, ME)).toBe(false);
  });

  it('scopes to my tickets or to unassigned ones', () => {
    const mineFilter = { status: 'active', scope: 'mine' } as const;
    const unassigned = { status: 'active', scope: 'unassigned' } as const;
    expect(matchesQueueFilter(mine, mineFilter, ME)).toBe(true);
    expect(matchesQueueFilter(theirs, mineFilter, ME)).toBe(false);
    expect(matchesQueueFilter(open, mineFilter, ME)).toBe(false);
    expect(matchesQueueFilter(open, unassigned, ME)).toBe(true);
    expect(matchesQueueFilter(mine, unassigned, ME)).toBe(false);
  });
});

describe('sortTickets', () => {
  it('puts the longest wait first and breaks ties by id', () => {
    const later = ticket('a', { createdAt: '2024-05-10T11:00:00Z' });
    const earlier = ticket('z', { createdAt: '2024-05-10T09:00:00Z' });
    const tieB = ticket('b', { createdAt: '2024-05-10T10:00:00Z' });
    const tieC = ticket('c', { createdAt: '2024-05-10T10:00:00Z' });
    expect(sortTickets([later, tieC, earlier, tieB]).map((t) => t.id)).toEqual(['z', 'b', 'c', 'a']);
  });
});

describe('upsertTicket', () => {
  const filter = { status: 'active', scope: 'all' } as const;
  const first = ticket('1', { createdAt: '2024-05-10T09:00:00Z' });
  const third = ticket('3', { createdAt: '2024-05-10T11:00:00Z' });

  it('inserts a new matching ticket in time order', () => {
    const second = ticket('2', { createdAt: '2024-05-10T10:00:00Z' });
    expect(upsertTicket([first, third], second, filter, ME).map((t) => t.id)).toEqual(['1', '2', '3']);
  });

  it('replaces an existing ticket in place', () => {
    const claimed = { ...first, status: 'assigned' as const, assignee: { id: ME, name: 'Me' } };
    const result = upsertTicket([first, third], claimed, filter, ME);
    expect(result).toEqual([claimed, third]);
    expect(result[0]).toBe(claimed);
  });

  it('drops a ticket that no longer matches the filter', () => {
    const resolved = { ...first, status: 'resolved' as const };
    expect(upsertTicket([first, third], resolved, filter, ME)).toEqual([third]);
  });

  it('ignores a ticket that does not match and was not shown', () => {
    const claimedByOther = ticket('9', { status: 'assigned', assignee: { id: 'other', name: 'Bo' } });
    const list = [first];
    expect(upsertTicket(list, claimedByOther, { status: 'active', scope: 'mine' }, ME)).toEqual([first]);
  });

  it('does not mutate the list it was given', () => {
    const list = [first, third];
    upsertTicket(list, ticket('2', { createdAt: '2024-05-10T10:00:00Z' }), filter, ME);
    expect(list.map((t) => t.id)).toEqual(['1', '3']);
  });
});

describe('applyMessageToTickets', () => {
  it("updates the last message of every row of the message's conversation", () => {
    const a = ticket('a', { conversationId: 'c1' });
    const b = ticket('b', { conversationId: 'c2' });
    const result = applyMessageToTickets([a, b], 'c1', message({ content: 'Still there?' }));
    expect(result[0].lastMessage).toEqual({
      content: 'Still there?',
      author: 'contact',
      createdAt: '2024-05-10T10:05:00.000Z',
    });
    expect(result[1]).toBe(b);
  });

  it('keeps internal notes out of the preview', () => {
    const a = ticket('a', { conversationId: 'c1' });
    expect(applyMessageToTickets([a], 'c1', message({ private: true }))[0]).toBe(a);
  });

  it('does not replace a newer preview with an older message', () => {
    const newer = { content: 'newest', author: 'agent' as const, createdAt: '2024-05-10T12:00:00Z' };
    const a = ticket('a', { conversationId: 'c1', lastMessage: newer });
    expect(applyMessageToTickets([a], 'c1', message())[0].lastMessage).toBe(newer);
  });
});

describe('matchesQueueFilter with labels', () => {
  it('drops a live ticket whose labels no longer match the label filter', () => {
    const labelled = ticket('1', {
      labels: { topic: 'billing', urgency: 'high', sentiment: null, language: null, source: 'agent' },
    });
    expect(matchesQueueFilter(labelled, { status: 'active', scope: 'all', labels: { topic: 'billing' } }, ME)).toBe(
      true,
    );
    expect(matchesQueueFilter(labelled, { status: 'active', scope: 'all', labels: { topic: 'shipping' } }, ME)).toBe(
      false,
    );
  });
});

describe('queueQuery', () => {
  it('builds the tickets query string', () => {
    expect(queueQuery({ status: 'active', scope: 'unassigned' })).toBe('status=active&scope=unassigned');
  });

  it('adds the label filters', () => {
    expect(queueQuery({ status: 'open', scope: 'all', labels: { topic: 'billing', urgency: 'high' } })).toBe(
      'status=open&scope=all&topic=billing&urgency=high',
    );
  });
});
