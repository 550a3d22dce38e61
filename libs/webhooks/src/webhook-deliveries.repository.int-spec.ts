import { WebhookDelivery, WebhookEndpoint, WorkspaceId } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../test/support/test-data-source';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

const LEASE_MS = 15_000;

describe('WebhookDeliveriesRepository', () => {
  let database: TestDataSource;
  let deliveries: WebhookDeliveriesRepository;
  let endpoints: WebhookEndpointsRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let endpointId: string;

  beforeAll(async () => {
    database = await openTestDataSource('webhook_deliveries');
    deliveries = new WebhookDeliveriesRepository(database.dataSource.getRepository(WebhookDelivery));
    endpoints = new WebhookEndpointsRepository(database.dataSource.getRepository(WebhookEndpoint));
    [a, b] = await createTestWorkspaces(database.dataSource, 'A', 'B');
    endpointId = await endpoints.insertReturningId(a, {
      url: 'https://hooks.example.test/',
      events: ['message.created'],
      secret: 'v1.sealed',
    });
  });

  afterAll(() => database?.destroy());

  const pending = (conversationId: string | null, nextAttemptAt = new Date()) =>
    deliveries.insertReturningId(a, {
      endpointId,
      eventId: randomUUID(),
      eventType: 'message.created',
      payload: {
        id: randomUUID(),
        type: 'message.created',
        version: 1,
        createdAt: '',
        workspaceId: a,
        data: {},
      } as never,
      conversationId,
      status: 'pending',
      nextAttemptAt,
    });

  it('lets only the oldest pending delivery of a conversation start, and the next once it is settled', async () => {
    const conversationId = randomUUID();
    const first = await pending(conversationId);
    const second = await pending(conversationId);
    const elsewhere = await pending(randomUUID());
    const now = new Date();

    expect((await deliveries.claim(a, second, now, LEASE_MS)).kind).toBe('waiting');
    expect((await deliveries.claim(a, elsewhere, now, LEASE_MS)).kind).toBe('claimed');
    const claimed = await deliveries.claim(a, first, now, LEASE_MS);
    expect(claimed.kind).toBe('claimed');
    if (claimed.kind !== 'claimed') return;

    const enqueued: string[] = [];
    await deliveries.settle(claimed.delivery, { status: 'delivered', leasedUntil: null }, async (_manager, nextId) => {
      enqueued.push(nextId);
    });
    expect(enqueued).toEqual([second]);
    expect((await deliveries.claim(a, second, now, LEASE_MS)).kind).toBe('claimed');
  });

  it('holds a claimed delivery for its lease, and refuses one not yet due, settled, or of another workspace', async () => {
    const now = new Date();
    // Due exactly now: a default taken a millisecond later would make the first claim "not due".
    const id = await pending(null, now);
    expect((await deliveries.claim(a, id, now, LEASE_MS)).kind).toBe('claimed');
    const again = await deliveries.claim(a, id, new Date(now.getTime() + 1_000), LEASE_MS);
    expect(again).toEqual({ kind: 'leased', until: new Date(now.getTime() + LEASE_MS) });
    expect((await deliveries.claim(a, id, new Date(now.getTime() + LEASE_MS + 1), LEASE_MS)).kind).toBe('claimed');

    const later = await pending(null, new Date(now.getTime() + 60_000));
    expect((await deliveries.claim(a, later, now, LEASE_MS)).kind).toBe('not_due');
    expect((await deliveries.claim(b, later, now, LEASE_MS)).kind).toBe('missing');
    await deliveries.update(a, later, { status: 'failed' });
    expect((await deliveries.claim(a, later, new Date(now.getTime() + 120_000), LEASE_MS)).kind).toBe('settled');
  });

  it('finds overdue, unleased deliveries first in their line: the ones whose job was lost', async () => {
    const longAgo = new Date(Date.now() - 60_000);
    const conversationId = randomUUID();
    const head = await pending(conversationId, longAgo);
    const behind = await pending(conversationId, longAgo);
    const fresh = await pending(null, new Date());

    const orphans = (await deliveries.orphaned(new Date(), 5_000, 1_000)).map((orphan) => orphan.id);
    expect(orphans).toContain(head);
    expect(orphans).not.toContain(behind);
    expect(orphans).not.toContain(fresh);
  });
});
