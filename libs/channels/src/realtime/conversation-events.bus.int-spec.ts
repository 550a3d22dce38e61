import { loadConfig } from '@switchboard/config';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually';
import { ConversationEventsBus } from './conversation-events.bus';
import { RealtimeEvent } from './realtime-event';

describe('ConversationEventsBus', () => {
  const config = loadConfig('worker', {
    QUEUE_PREFIX: `sbtest-bus-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
  });
  // Two buses with their own connections stand for two api processes.
  const first = new ConversationEventsBus(config);
  const second = new ConversationEventsBus(config);
  const workspaceId = randomUUID();

  afterAll(async () => {
    await first.onModuleDestroy();
    await second.onModuleDestroy();
  });

  function domain(name: string, conversationId: string | null): RealtimeEvent {
    return { kind: 'domain', name, workspaceId, conversationId, data: { n: name } };
  }

  it("delivers an event published by one process to another process's subscriber", async () => {
    const conversationId = randomUUID();
    const received: RealtimeEvent[] = [];
    const unsubscribe = await second.subscribe(workspaceId, conversationId, (event) => received.push(event));
    await first.publish(workspaceId, conversationId, domain('conversation.claimed', conversationId));
    await eventually(() => received.length === 1, { what: 'the event on the other bus' });
    expect(received[0]).toEqual(domain('conversation.claimed', conversationId));
    await unsubscribe();
  });

  it('keeps conversations apart and serves the workspace-wide subscription', async () => {
    const mine = randomUUID();
    const other = randomUUID();
    const onMine: RealtimeEvent[] = [];
    const onWorkspace: RealtimeEvent[] = [];
    const stopMine = await first.subscribe(workspaceId, mine, (event) => onMine.push(event));
    const stopWorkspace = await first.subscribeWorkspace(workspaceId, (event) => onWorkspace.push(event));
    await second.publish(workspaceId, other, domain('other', other));
    await second.publishToWorkspace(workspaceId, domain('ticket.opened', null));
    await second.publish(workspaceId, mine, domain('mine', mine));
    await eventually(() => onMine.length === 1 && onWorkspace.length === 1, { what: 'both events' });
    expect(onMine.map((e) => (e.kind === 'domain' ? e.name : e.kind))).toEqual(['mine']);
    expect(onWorkspace.map((e) => (e.kind === 'domain' ? e.name : e.kind))).toEqual(['ticket.opened']);
    await stopMine();
    await stopWorkspace();
  });

  it('shares one subscription between local listeners and stops delivering after the last unsubscribes', async () => {
    const conversationId = randomUUID();
    const a: RealtimeEvent[] = [];
    const b: RealtimeEvent[] = [];
    const stopA = await first.subscribe(workspaceId, conversationId, (event) => a.push(event));
    const stopB = await first.subscribe(workspaceId, conversationId, (event) => b.push(event));
    await second.publish(workspaceId, conversationId, domain('one', conversationId));
    await eventually(() => a.length === 1 && b.length === 1, { what: 'both listeners' });
    await stopA();
    // A marker on a live channel, published after the one to the stopped listener, proves the latter was dropped.
    const marker: RealtimeEvent[] = [];
    const stopMarker = await first.subscribeWorkspace(workspaceId, (event) => marker.push(event));
    await second.publish(workspaceId, conversationId, domain('two', conversationId));
    await second.publishToWorkspace(workspaceId, domain('marker', null));
    await eventually(() => marker.length === 1 && b.length === 2, { what: 'the marker' });
    expect(a).toHaveLength(1);
    await stopB();
    await stopMarker();
  });
});
