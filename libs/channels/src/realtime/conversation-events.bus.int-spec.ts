import { loadConfig } from '@switchboard/config';
import { randomBytes, randomUUID } from 'node:crypto';
import { RedisUnavailableError } from '@switchboard/queue';
import { eventually } from '../../../../test/support/eventually';
import { TestRedisServer } from '../../../../test/support/redis-server';
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

describe('ConversationEventsBus through a Redis outage', () => {
  let redis: TestRedisServer;
  let listening: ConversationEventsBus;
  let publishing: ConversationEventsBus;
  const workspaceId = randomUUID();

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    const config = loadConfig('worker', {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `sbtest-bus-outage-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
    });
    listening = new ConversationEventsBus(config);
    publishing = new ConversationEventsBus(config);
  });

  afterAll(async () => {
    await listening?.onModuleDestroy();
    await publishing?.onModuleDestroy();
    await redis?.destroy();
  });

  function domain(name: string, conversationId: string): RealtimeEvent {
    return { kind: 'domain', name, workspaceId, conversationId, data: { n: name } };
  }

  const failsFast = async (call: () => Promise<unknown>): Promise<void> => {
    const started = Date.now();
    await expect(call()).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(Date.now() - started).toBeLessThan(3_000);
  };

  it('fails fast while Redis is down, then renews open subscriptions and tells their listeners to catch up', async () => {
    const conversationId = randomUUID();
    const kept: RealtimeEvent[] = [];
    let resumed = 0;
    await listening.subscribe(workspaceId, conversationId, (event) => kept.push(event), {
      onResumed: () => resumed++,
    });
    const left: RealtimeEvent[] = [];
    const leave = await listening.subscribe(workspaceId, conversationId, (event) => left.push(event), {
      onResumed: () => left.push(domain('resumed', conversationId)),
    });
    await publishing.publish(workspaceId, conversationId, domain('before', conversationId));
    await eventually(() => kept.length === 1 && left.length === 1, { what: 'the event before the outage' });

    await redis.stop();
    await eventually(async () => !(await publishing.available()), { what: 'the publisher to notice' });
    await failsFast(() => publishing.publish(workspaceId, conversationId, domain('lost', conversationId)));
    await failsFast(() => listening.subscribe(workspaceId, randomUUID(), () => undefined));
    await leave();

    await redis.resume();
    await eventually(() => resumed === 1, { what: 'the open subscription to resume' });
    await eventually(() => publishing.available(), { what: 'the publisher to reconnect' });
    await publishing.publish(workspaceId, conversationId, domain('after', conversationId));
    await eventually(() => kept.length === 2, { what: 'the event after the outage' });
    expect(kept.map((event) => event.name)).toEqual(['before', 'after']);
    // A listener that left during the outage neither resumes nor hears anything.
    expect(left.map((event) => event.name)).toEqual(['before']);
  });
});
