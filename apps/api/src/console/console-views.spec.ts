import { Message, MessageKind, StoredCitation, asWorkspaceId } from '@switchboard/database';
import { kindOf } from '../widget/widget-message';
import { sourcesOf, toActionView, toConsoleMessage } from './console-views';
import type { ActionDefinitionView } from '@switchboard/actions';

function message(values: Partial<Message>): Message {
  return {
    id: 'm1',
    workspaceId: asWorkspaceId('00000000-0000-4000-8000-000000000001'),
    conversationId: 'c',
    direction: 'outgoing',
    author: 'bot',
    agentId: null,
    content: 'text',
    private: false,
    deliveryStatus: 'sent',
    clientMessageId: null,
    kind: 'message',
    replyToMessageId: null,
    feedback: null,
    metadata: {},
    createdAt: new Date('2030-01-02T03:04:05.000Z'),
    updatedAt: new Date('2030-01-02T03:04:05.000Z'),
    ...values,
  };
}

describe('console views', () => {
  it('reads kind, reply-to and feedback from the columns, citations, confidence and the e-mail form from the metadata', () => {
    const view = toConsoleMessage(
      message({
        kind: 'answer',
        replyToMessageId: 'q1',
        feedback: 'up',
        metadata: {
          confidence: 0.82,
          // Stored rows are read defensively: older or malformed citations are left out.
          citations: [
            { index: 1, title: 'Returns', url: 'https://help.example/returns', chunkId: 'x' },
            { index: 2, title: 'Staff notes' },
            { title: 'no index' },
            'junk',
          ] as unknown as StoredCitation[],
        },
      }),
      new Map(),
    );
    expect(view).toMatchObject({
      id: 'm1',
      author: 'bot',
      kind: 'answer',
      replyTo: 'q1',
      confidence: 0.82,
      collectEmail: false,
      private: false,
      agentName: null,
      createdAt: '2030-01-02T03:04:05.000Z',
      citations: [
        { index: 1, title: 'Returns', url: 'https://help.example/returns' },
        { index: 2, title: 'Staff notes', url: null },
      ],
    });
    expect(view.metadata.citations).toHaveLength(4);
    // The console's raw metadata still shows the keys that moved to columns.
    expect(view.metadata).toMatchObject({ kind: 'answer', replyTo: 'q1', feedback: 'up' });
    const offline = message({
      kind: 'offline',
      metadata: { reason: 'low_confidence', ticketId: 't1', collectEmail: true },
    });
    expect(toConsoleMessage(offline, new Map())).toMatchObject({
      kind: 'offline',
      collectEmail: true,
    });
  });

  it('names the agent of a note and keeps it private', () => {
    const view = toConsoleMessage(
      message({ author: 'agent', agentId: 'a1', private: true, content: 'VIP' }),
      new Map([['a1', 'Ana']]),
    );
    expect(view).toMatchObject({ agentName: 'Ana', agentId: 'a1', private: true, kind: 'message', citations: [] });
  });

  it('shows the stored kind, falling back to activity or message when it is unknown', () => {
    expect(kindOf(message({ direction: 'activity', author: 'system', kind: 'activity' }))).toBe('activity');
    expect(kindOf(message({ direction: 'activity', author: 'system', kind: 'banana' as MessageKind }))).toBe(
      'activity',
    );
    expect(kindOf(message({ kind: 'banana' as MessageKind }))).toBe('message');
    expect(kindOf(message({ direction: 'incoming', author: 'contact' }))).toBe('message');
  });

  it('keeps well-formed ticket sources only', () => {
    expect(sourcesOf([{ documentId: 'd1', title: 'Returns', url: null }, { title: 'no id' }, null])).toEqual([
      { documentId: 'd1', title: 'Returns', url: null },
    ]);
    expect(sourcesOf(undefined)).toEqual([]);
  });

  it('types the action calls and the pending confirmation of a bot message, skipping malformed ones', () => {
    const call = {
      action: 'order_status',
      arguments: { order_number: 'NW-12345', customer_email: '[verified identity]' },
      status: 200,
      latencyMs: 132,
      outcome: 'ok',
      attempts: 1,
      responseExcerpt: '{"status":"shipped"}',
    };
    const view = toConsoleMessage(
      message({
        metadata: {
          actionCalls: [call, { action: 'no_outcome' }, 'junk', { ...call, status: null, responseExcerpt: 3 }],
          confirmation: { action: 'cancel_order', arguments: { order_number: 'NW-12345', count: 2 } },
          // The bot's turn writes these keys; the message metadata types do not declare them yet.
        } as Message['metadata'],
      }),
      new Map(),
    );
    expect(view.actionCalls).toEqual([call, { ...call, status: null, responseExcerpt: null }]);
    expect(view.confirmation).toEqual({ action: 'cancel_order', arguments: { order_number: 'NW-12345' } });
    // The raw metadata stays as stored.
    expect(view.metadata.actionCalls).toHaveLength(4);
  });

  it('leaves the action calls out, and the confirmation null, for a message without valid ones', () => {
    const view = toConsoleMessage(
      message({ metadata: { actionCalls: [], confirmation: 'yes' } as Message['metadata'] }),
      new Map(),
    );
    expect(view).not.toHaveProperty('actionCalls');
    expect(view.confirmation).toBeNull();
  });

  it('shows an action with its secret names only', () => {
    const created = new Date('2030-01-02T03:04:05.000Z');
    const action = {
      id: 'a1',
      workspaceId: asWorkspaceId('00000000-0000-4000-8000-000000000001'),
      name: 'order_status',
      description: 'Look up an order.',
      method: 'GET',
      url: 'https://api.example.com/orders/{order_number}',
      parameters: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] },
      identity: [],
      sideEffect: false,
      examples: [],
      headers: { Authorization: 'Bearer {{secrets.TOKEN}}' },
      secrets: [{ name: 'TOKEN', set: true }],
      channels: null,
      visibility: 'public',
      timeoutMs: 5000,
      maxResponseBytes: 65536,
      answerTemplate: null,
      enabled: true,
      createdAt: created,
      updatedAt: created,
    } as ActionDefinitionView;
    const view = toActionView(action);
    expect(view.secretNames).toEqual(['TOKEN']);
    expect(view).not.toHaveProperty('secrets');
    expect(view).not.toHaveProperty('workspaceId');
    expect(view.createdAt).toBe('2030-01-02T03:04:05.000Z');
  });
});
