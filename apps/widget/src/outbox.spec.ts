import { ManualClock, settle } from './manual-clock.fixture';
import { Outbox, OutboxItem, OutboxPersistence, SendOutcome } from './outbox';
import { widgetMessage } from './widget-message.fixture';

class MemoryPersistence implements OutboxPersistence {
  saved: OutboxItem[] = [];
  constructor(private readonly initial: unknown[] = []) {}
  load(): OutboxItem[] {
    return this.initial as OutboxItem[];
  }
  save(items: OutboxItem[]): void {
    this.saved = items.map((item) => ({ ...item }));
  }
}

const item = (clientMessageId: string, content = 'Hi'): OutboxItem => ({
  clientMessageId,
  content,
  createdAt: '2025-01-01T10:00:00.000Z',
});
const sent = (clientMessageId: string): SendOutcome => ({
  type: 'sent',
  message: widgetMessage({ id: `m-${clientMessageId}`, author: 'contact', clientMessageId }),
});

function setup(responses: Array<SendOutcome | Error>, initial: unknown[] = []) {
  const clock = new ManualClock();
  const persistence = new MemoryPersistence(initial);
  const calls: string[] = [];
  const events = { sent: [] as string[], rejected: [] as string[], retries: [] as Array<[string, number, string]> };
  const outbox = new Outbox({
    send: async (queued) => {
      calls.push(queued.clientMessageId);
      const next = responses.shift() ?? sent(queued.clientMessageId);
      if (next instanceof Error) throw next;
      return next;
    },
    persistence,
    schedule: clock.schedule,
    random: () => 0.5,
    events: {
      onSent: (queued) => events.sent.push(queued.clientMessageId),
      onRejected: (queued, reason) => events.rejected.push(`${queued.clientMessageId}:${reason}`),
      onRetryScheduled: (queued, delay, cause) => events.retries.push([queued.clientMessageId, delay, cause]),
    },
  });
  return { outbox, clock, persistence, calls, events };
}

describe('Outbox', () => {
  it('holds messages until resumed, then sends them in order', async () => {
    const { outbox, calls, events, persistence } = setup([]);
    outbox.enqueue(item('a'));
    outbox.enqueue(item('b'));
    await settle();
    expect(calls).toEqual([]);
    expect(persistence.saved.map((i) => i.clientMessageId)).toEqual(['a', 'b']);

    outbox.resume();
    await settle();
    expect(calls).toEqual(['a', 'b']);
    expect(events.sent).toEqual(['a', 'b']);
    expect(outbox.pending()).toEqual([]);
    expect(persistence.saved).toEqual([]);
  });

  it('retries network failures with backoff 1 s, 2 s, 4 s using the same clientMessageId', async () => {
    const { outbox, clock, calls, events } = setup([{ type: 'retry' }, new Error('offline'), { type: 'retry' }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    await settle();
    expect(calls).toEqual(['a']);
    expect(clock.pendingDelays()).toEqual([1000]);

    await clock.advance(999);
    expect(calls).toEqual(['a']);
    await clock.advance(1);
    expect(calls).toEqual(['a', 'a']);
    expect(clock.pendingDelays()).toEqual([2000]);

    await clock.advance(2000);
    expect(clock.pendingDelays()).toEqual([4000]);
    await clock.advance(4000);
    expect(calls).toEqual(['a', 'a', 'a', 'a']);
    expect(events.sent).toEqual(['a']);
    expect(events.retries.map(([, delay, cause]) => [delay, cause])).toEqual([
      [1000, 'error'],
      [2000, 'error'],
      [4000, 'error'],
    ]);
  });

  it('never sends two messages at once, so a slow retry cannot be overtaken', async () => {
    const { outbox, clock, calls } = setup([{ type: 'retry' }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    outbox.enqueue(item('b'));
    await settle();
    expect(calls).toEqual(['a']);
    await clock.advance(1000);
    expect(calls).toEqual(['a', 'a', 'b']);
  });

  it('waits Retry-After when rate limited', async () => {
    const { outbox, clock, calls, events } = setup([{ type: 'rate-limited', retryAfterMs: 7000 }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    await settle();
    expect(events.retries).toEqual([['a', 7000, 'rate-limited']]);
    await clock.advance(6999);
    expect(calls).toEqual(['a']);
    await clock.advance(1);
    expect(calls).toEqual(['a', 'a']);
    expect(events.sent).toEqual(['a']);
  });

  it('drops a rejected message without retrying and moves on', async () => {
    const { outbox, clock, calls, events } = setup([{ type: 'rejected', reason: 'message_too_long' }]);
    outbox.resume();
    outbox.enqueue(item('long'));
    outbox.enqueue(item('short'));
    await clock.advance(60000);
    expect(calls).toEqual(['long', 'short']);
    expect(events.rejected).toEqual(['long:message_too_long']);
    expect(outbox.pending()).toEqual([]);
  });

  it('restores persisted messages and ignores malformed entries', async () => {
    const { outbox, calls } = setup([], [item('saved'), { clientMessageId: 3 }, null, 'junk']);
    expect(outbox.pending().map((i) => i.clientMessageId)).toEqual(['saved']);
    outbox.resume();
    await settle();
    expect(calls).toEqual(['saved']);
  });

  it('stops sending a message the server already has', async () => {
    const { outbox, clock, calls } = setup([{ type: 'retry' }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    await settle();
    outbox.acknowledge('a');
    await clock.advance(30000);
    expect(calls).toEqual(['a']);
    expect(outbox.pending()).toEqual([]);
  });

  it('does not retry a message acknowledged while its request was failing', async () => {
    const clock = new ManualClock();
    const calls: string[] = [];
    let failRequest: () => void = () => undefined;
    const outbox = new Outbox({
      send: (queued) => {
        calls.push(queued.clientMessageId);
        return new Promise<SendOutcome>((resolve) => {
          failRequest = () => resolve({ type: 'retry' });
        });
      },
      persistence: new MemoryPersistence(),
      schedule: clock.schedule,
      events: { onSent: () => undefined, onRejected: () => undefined, onRetryScheduled: () => undefined },
    });
    outbox.resume();
    outbox.enqueue(item('a'));
    await settle();
    outbox.acknowledge('a');
    expect(outbox.pending()).toHaveLength(1);

    failRequest();
    await clock.advance(60000);
    expect(calls).toEqual(['a']);
    expect(outbox.pending()).toEqual([]);
  });

  it('skips the wait when asked to retry now, and ignores duplicate enqueues', async () => {
    const { outbox, clock, calls } = setup([{ type: 'retry' }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    outbox.enqueue(item('a'));
    await settle();
    expect(clock.pendingDelays()).toEqual([1000]);
    outbox.retryNow();
    await settle();
    expect(calls).toEqual(['a', 'a']);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('keeps a message queued while paused and sends it on resume', async () => {
    const { outbox, clock, calls } = setup([{ type: 'retry' }]);
    outbox.resume();
    outbox.enqueue(item('a'));
    await settle();
    outbox.pause();
    await clock.advance(60000);
    expect(calls).toEqual(['a']);
    outbox.resume();
    await settle();
    expect(calls).toEqual(['a', 'a']);
  });
});
