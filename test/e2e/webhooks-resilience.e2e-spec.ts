import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestRedisServer } from '../support/redis-server';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { SpawnedWorker, spawnWorker } from '../support/test-worker';
import { ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, createWidgetInbox, createWorkspace } from '../support/widget-client';

const contentOf = (received: Pick<ReceivedWebhook, 'json'>): string | undefined => received.json.data.message?.content;

describe('webhook deliveries survive a worker SIGKILL and a Redis restart', () => {
  let redis: TestRedisServer;
  let environment: TestEnvironment;
  let api: TestApi;
  const workers: SpawnedWorker[] = [];
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    redis = await TestRedisServer.start();
    environment = await createTestEnvironment('webhooks_crash', {
      REDIS_URL: redis.url,
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_SWEEP_INTERVAL_MS: '500',
      // A short lock hands a dead worker's job to the next one quickly.
      QUEUE_LOCK_DURATION_MS: '2000',
    });
    api = await startApi(environment);
  });

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.process.exitCode === null && worker.process.signalCode === null) {
        worker.process.kill('SIGTERM');
        await worker.exited;
      }
    }
    await api?.close();
    await environment?.destroy();
    await redis?.destroy();
    await receiver.stop();
  });

  async function startedWorker(): Promise<SpawnedWorker> {
    const worker = spawnWorker(environment);
    workers.push(worker);
    await worker.started;
    return worker;
  }

  async function setUp(name: string, path: string) {
    const workspace = await createWorkspace(api, name);
    const inbox = await createWidgetInbox(api, workspace.auth);
    await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', workspace.auth)
      .send({ url: receiver.url(path), events: ['message.created'] })
      .expect(201);
    const visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session();
    return visitor;
  }

  /** The customer's messages the receiver accepted at `path`, in the order it accepted them. */
  const customerMessagesAt = (path: string): string[] =>
    receiver
      .deliveredAt(path)
      .filter((received) => received.json.data.message?.author === 'contact')
      .map((received) => contentOf(received) ?? '');

  it('delivers every event, in order, after the worker is killed in the middle of a delivery', async () => {
    let releaseHeld: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseHeld = resolve));
    let holding = true;
    receiver.on('/crash', (received) => {
      if (holding && contentOf(received) === 'm1') {
        holding = false;
        return { status: 200, after: held };
      }
      return { status: 200 };
    });
    const visitor = await setUp('Crash', '/crash');
    const first = await startedWorker();
    const sent = ['m1', 'm2', 'm3', 'm4', 'm5'];
    for (const content of sent) await visitor.send(content).expect(202);

    await eventually(() => receiver.at('/crash').some((received) => contentOf(received) === 'm1'), {
      what: 'the first delivery to be in flight',
    });
    first.process.kill('SIGKILL');
    await first.exited;
    await eventually(() => receiver.at('/crash')[0]?.senderGone, { what: 'the receiver to see the sender gone' });
    releaseHeld();
    expect(customerMessagesAt('/crash')).toEqual([]);

    await startedWorker();
    await eventually(() => customerMessagesAt('/crash').length === sent.length, {
      what: 'every message to be delivered after the restart',
      timeoutMs: 90_000,
    });
    expect(customerMessagesAt('/crash')).toEqual(sent);
    // The attempt cut short went out again with the same event id, which is what receivers deduplicate on.
    const m1 = receiver.at('/crash').filter((received) => contentOf(received) === 'm1');
    expect(m1.length).toBeGreaterThanOrEqual(2);
    expect(new Set(m1.map((received) => received.json.id)).size).toBe(1);
  }, 180_000);

  it('delivers every event, in order, after Redis restarts empty: retries it held and events sent meanwhile', async () => {
    let refused = false;
    receiver.on('/restart', (received) => {
      if (!refused && contentOf(received) === 'r1') {
        refused = true;
        // The retry waits in Redis as a delayed job when Redis goes away.
        return { status: 503, headers: { 'Retry-After': '2' } };
      }
      return { status: 200 };
    });
    const visitor = await setUp('Restart', '/restart');
    if (workers.every((worker) => worker.process.exitCode !== null || worker.process.signalCode !== null)) {
      await startedWorker();
    }
    await visitor.send('r1').expect(202);
    await eventually(() => refused, { what: 'the first attempt to be refused' });

    await redis.stop();
    for (const content of ['r2', 'r3']) await visitor.send(content).expect(202);
    await redis.resume();

    await eventually(() => customerMessagesAt('/restart').length === 3, {
      what: 'every message to be delivered after the Redis restart',
      timeoutMs: 90_000,
    });
    expect(customerMessagesAt('/restart')).toEqual(['r1', 'r2', 'r3']);
  }, 180_000);
});
