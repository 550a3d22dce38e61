import { EventEmitter2 } from '@nestjs/event-emitter';
import { loadConfig } from '@switchboard/config';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@switchboard/conversations';
import { Message, MessageAuthor, asWorkspaceId } from '@switchboard/database';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually';
import { ConversationEventsBus } from './conversation-events.bus';
import { RealtimeBridgeListener } from './realtime-bridge.listener';
import { RealtimeEvent } from './realtime-event';

describe('RealtimeBridgeListener', () => {
  const config = loadConfig('worker', {
    QUEUE_PREFIX: `sbtest-bridge-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
  });
  const bus = new ConversationEventsBus(config);
  const events = new EventEmitter2();
  const bridge = new RealtimeBridgeListener(events, bus);
  const workspaceId = asWorkspaceId(randomUUID());
  const conversationId = randomUUID();
  const onConversation: RealtimeEvent[] = [];
  const onWorkspace: RealtimeEvent[] = [];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    bridge.onModuleInit();
    stops.push(await bus.subscribe(workspaceId, conversationId, (event) => onConversation.push(event)));
    stops.push(await bus.subscribeWorkspace(workspaceId, (event) => onWorkspace.push(event)));
  });

  afterAll(async () => {
    for (const stop of stops) await stop();
    bridge.onModuleDestroy();
    await bus.onModuleDestroy();
  });

  function created(author: MessageAuthor, options: { private?: boolean; content: string }): MessageCreatedEvent {
    const message = {
      id: randomUUID(),
      workspaceId,
      conversationId,
      author,
      direction: author === 'system' ? 'activity' : 'outgoing',
      agentId: null,
      content: options.content,
      private: options.private ?? false,
      kind: author === 'system' ? 'activity' : 'answer',
      replyToMessageId: null,
      clientMessageId: null,
      metadata: {},
      createdAt: new Date('2026-12-06T04:00:00.000Z'),
    } as unknown as Message;
    return {
      name: MESSAGE_CREATED,
      workspaceId,
      conversationId,
      messageId: message.id,
      author,
      direction: message.direction,
      agentId: null,
      private: message.private,
      at: message.createdAt,
      message,
    };
  }

  /** Emits the events, then waits until the workspace channel (which gets every one) has them all. */
  async function emitAll(...all: MessageCreatedEvent[]): Promise<void> {
    const before = onWorkspace.length;
    for (const event of all) events.emit(MESSAGE_CREATED, event);
    await eventually(() => onWorkspace.length === before + all.length, {
      what: 'every event on the workspace channel',
    });
  }

  it("puts a customer-visible message on the conversation's stream, so the widget needs no read", async () => {
    const answer = created('bot', { content: 'Refunds take five days.' });
    await emitAll(answer);
    await eventually(() => onConversation.length === 1, { what: 'the event on the conversation channel' });
    const data = onConversation[0].data;
    expect(data.message).toMatchObject({
      id: answer.messageId,
      content: 'Refunds take five days.',
      kind: 'answer',
      createdAt: '2026-12-06T04:00:00.000Z',
    });
  });

  it("never carries a note or the agents' system lines to the customer's stream", async () => {
    onConversation.splice(0);
    const note = created('agent', { private: true, content: 'Internal: VIP customer' });
    const line = created('system', { content: 'Handed off to a person: low_confidence' });
    await emitAll(note, line);
    await eventually(() => onConversation.length === 1, { what: "the system line's id on the conversation channel" });
    const data = onConversation[0].data;
    expect(data.messageId).toBe(line.messageId);
    expect(data.message).toBeUndefined();
    expect(JSON.stringify(onConversation)).not.toContain('VIP');
    // The agents' channel still hears of both.
    expect(onWorkspace.slice(-2).map((event) => (event.kind === 'domain' ? event.data.messageId : null))).toEqual([
      note.messageId,
      line.messageId,
    ]);
  });
});
