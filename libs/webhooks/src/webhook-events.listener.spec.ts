import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Message } from '@switchboard/database';
import { WebhookDeliveriesService, WebhookEventToSend } from './webhook-deliveries.service';
import { WebhookEventsListener } from './webhook-events.listener';

const WORKSPACE = '3f0c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const CONVERSATION = '9f0c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const AT = new Date('2026-12-06T12:00:00Z');

describe('WebhookEventsListener', () => {
  let events: EventEmitter2;
  let listener: WebhookEventsListener;
  let published: WebhookEventToSend[];

  beforeEach(() => {
    events = new EventEmitter2();
    published = [];
    const deliveries = {
      publish: async (event: WebhookEventToSend) => {
        published.push(event);
        return 1;
      },
    } as unknown as WebhookDeliveriesService;
    listener = new WebhookEventsListener(events, deliveries);
    listener.onModuleInit();
  });

  const message = (author: 'contact' | 'agent', isPrivate: boolean, content: string) => ({
    name: 'message.created',
    workspaceId: WORKSPACE,
    conversationId: CONVERSATION,
    messageId: `m-${content}`,
    author,
    direction: author === 'contact' ? 'incoming' : 'outgoing',
    agentId: author === 'agent' ? 'agent-1' : null,
    private: isPrivate,
    at: AT,
    message: { kind: 'message', content } as Message,
  });

  it('sends messages in the order they were published, and never an internal note', async () => {
    events.emit('message.created', message('contact', false, 'hello'));
    events.emit('message.created', message('agent', true, 'internal: refund him'));
    events.emit('message.created', message('agent', false, 'hi, how can I help?'));
    await listener.onModuleDestroy();

    expect(published.map((event) => event.data.message)).toEqual([
      expect.objectContaining({ author: 'contact', content: 'hello' }),
      expect.objectContaining({ author: 'agent', content: 'hi, how can I help?', agentId: 'agent-1' }),
    ]);
    expect(published.every((event) => event.conversationId === CONVERSATION && event.type === 'message.created')).toBe(
      true,
    );
  });

  it('tells an opened ticket as ticket.opened and as a handoff with its reason and confidence', async () => {
    events.emit('ticket.opened', {
      name: 'ticket.opened',
      workspaceId: WORKSPACE,
      ticketId: 't-1',
      conversationId: CONVERSATION,
      status: 'open',
      reason: 'low_confidence',
      assigneeId: null,
      confidence: 0.31,
      agentId: null,
      at: AT,
    });
    events.emit('ticket.pending', { name: 'ticket.pending', workspaceId: WORKSPACE, conversationId: CONVERSATION });
    await listener.onModuleDestroy();

    expect(published.map((event) => event.type)).toEqual(['ticket.opened', 'handoff']);
    expect(published[1].data).toEqual({
      conversationId: CONVERSATION,
      ticketId: 't-1',
      reason: 'low_confidence',
      confidence: 0.31,
    });
  });

  it('tells a new conversation, a rating and a sync outcome, each with its versioned data', async () => {
    events.emit('conversation.created', {
      name: 'conversation.created',
      workspaceId: WORKSPACE,
      conversationId: CONVERSATION,
      inboxId: 'inbox-1',
      contactId: 'contact-1',
      at: AT,
    });
    events.emit('answer.feedback', {
      name: 'answer.feedback',
      workspaceId: WORKSPACE,
      conversationId: CONVERSATION,
      messageId: 'm-1',
      rating: 'down',
      traceId: 'trace-1',
      at: AT,
    });
    events.emit('knowledge.sync.failed', {
      name: 'knowledge.sync.failed',
      workspaceId: WORKSPACE,
      syncId: 's-1',
      sourceId: 'src-1',
      trigger: 'manual',
      total: 3,
      indexed: 1,
      skipped: 0,
      failed: 2,
      deleted: 0,
      error: 'HTTP 404',
      startedAt: AT,
      at: AT,
    });
    await listener.onModuleDestroy();

    expect(published.map((event) => [event.type, event.conversationId])).toEqual([
      ['conversation.created', CONVERSATION],
      ['answer.feedback', CONVERSATION],
      ['knowledge.sync.failed', null],
    ]);
    expect(published[0].data).toEqual({
      conversationId: CONVERSATION,
      inboxId: 'inbox-1',
      contactId: 'contact-1',
      createdAt: AT.toISOString(),
    });
    expect(published[1].data).toEqual({
      conversationId: CONVERSATION,
      messageId: 'm-1',
      rating: 'down',
      traceId: 'trace-1',
    });
    expect(published[2].data).toEqual({
      syncId: 's-1',
      sourceId: 'src-1',
      trigger: 'manual',
      documents: { total: 3, indexed: 1, skipped: 0, failed: 2, deleted: 0 },
      error: 'HTTP 404',
      startedAt: AT.toISOString(),
      finishedAt: AT.toISOString(),
    });
  });
});
