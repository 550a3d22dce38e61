import { EventSourceLike, EventStream } from './event-stream';
import { ManualClock, settle } from './manual-clock.fixture';
import { StreamEvent } from './widget-types';

class FakeEventSource implements EventSourceLike {
  closed = false;
  private readonly listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function setup(token: () => string | null = () => 'vt') {
  const clock = new ManualClock();
  const sources: FakeEventSource[] = [];
  const events: StreamEvent[] = [];
  const connection: boolean[] = [];
  const renewals: number[] = [];
  const stream = new EventStream({
    url: () => {
      const value = token();
      return value === null ? null : `https://api/events?token=${value}`;
    },
    create: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    onEvent: (event) => events.push(event),
    onConnectionChange: (connected) => connection.push(connected),
    beforeReconnect: async (failures) => {
      renewals.push(failures);
    },
    schedule: clock.schedule,
    random: () => 0.5,
  });
  const latest = (): FakeEventSource => {
    const source = sources[sources.length - 1];
    if (!source) throw new Error('no source yet');
    return source;
  };
  return { stream, clock, sources, events, connection, renewals, latest };
}

describe('EventStream', () => {
  it('opens the stream with the token and forwards parsed events', () => {
    const { stream, latest, events, connection } = setup();
    stream.start();
    expect(latest().url).toBe('https://api/events?token=vt');
    latest().emit('ready', '{"owner":"bot"}');
    latest().emit('token', '{"replyTo":"q1","text":"Hi"}');
    latest().emit('token', 'garbage');
    expect(events).toEqual([
      { type: 'ready', owner: 'bot' },
      { type: 'token', token: { replyTo: 'q1', text: 'Hi' } },
    ]);
    expect(connection).toEqual([true]);
    expect(stream.isConnected()).toBe(true);
  });

  it('closes a failed source itself and reopens it 1 s, 2 s, 4 s later until ready', async () => {
    const { stream, clock, sources, latest, connection } = setup();
    stream.start();
    latest().emit('error');
    expect(sources[0]?.closed).toBe(true);
    expect(connection).toEqual([false]);
    expect(clock.pendingDelays()).toEqual([1000]);

    await clock.advance(1000);
    expect(sources).toHaveLength(2);
    latest().emit('error');
    expect(clock.pendingDelays()).toEqual([2000]);
    await clock.advance(2000);
    latest().emit('error');
    expect(clock.pendingDelays()).toEqual([4000]);
    await clock.advance(4000);

    latest().emit('ready', '{"owner":"bot"}');
    expect(connection).toEqual([false, true]);
    latest().emit('error');
    expect(clock.pendingDelays()).toEqual([1000]);
  });

  it('asks for a renewed session before reconnecting, and reads the new token', async () => {
    let token = 'old';
    const { stream, clock, latest, renewals } = setup(() => token);
    stream.start();
    latest().emit('error');
    token = 'new';
    await clock.advance(1000);
    expect(renewals).toEqual([1]);
    expect(latest().url).toBe('https://api/events?token=new');
  });

  it('ignores events from a source it already replaced', async () => {
    const { stream, clock, sources, events } = setup();
    stream.start();
    const first = sources[0];
    first?.emit('error');
    await clock.advance(1000);
    first?.emit('owner', '{"owner":"agent"}');
    first?.emit('error');
    expect(events).toEqual([]);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('waits for a token before connecting', async () => {
    let token: string | null = null;
    const { stream, clock, sources } = setup(() => token);
    stream.start();
    expect(sources).toHaveLength(0);
    token = 'vt';
    await clock.advance(1000);
    expect(sources).toHaveLength(1);
  });

  it('reconnects at once on restart and stays closed after stop', async () => {
    const { stream, clock, sources } = setup();
    stream.start();
    sources[0]?.emit('error');
    stream.restart();
    expect(sources).toHaveLength(2);
    expect(clock.pendingDelays()).toEqual([]);

    stream.stop();
    expect(sources[1]?.closed).toBe(true);
    await clock.advance(60000);
    await settle();
    expect(sources).toHaveLength(2);
    stream.restart();
    expect(sources).toHaveLength(2);
  });
});
