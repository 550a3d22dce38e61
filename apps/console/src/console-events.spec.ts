import { ConsoleEventStream, parseEventData, reconnectDelayMs, type ConsoleEventHandlers } from './console-events';

type Listener = (event: { data?: unknown }) => void;

class FakeEventSource {
  readonly listeners = new Map<string, Listener[]>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function handlers(): jest.Mocked<ConsoleEventHandlers> {
  return {
    ticket: jest.fn(),
    message: jest.fn(),
    conversation: jest.fn(),
    status: jest.fn(),
    reconnected: jest.fn(),
    dropped: jest.fn(),
  };
}

describe('reconnectDelayMs', () => {
  it('doubles from one second up to thirty, with jitter between half and all of it', () => {
    expect(reconnectDelayMs(0, () => 1)).toBe(1000);
    expect(reconnectDelayMs(0, () => 0)).toBe(500);
    expect(reconnectDelayMs(3, () => 1)).toBe(8000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
  });
});

describe('ConsoleEventStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(): { sources: FakeEventSource[]; on: jest.Mocked<ConsoleEventHandlers>; stream: ConsoleEventStream } {
    const sources: FakeEventSource[] = [];
    const on = handlers();
    let n = 0;
    const stream = new ConsoleEventStream(() => `/events?token=t${++n}`, on, {
      createEventSource: (url) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source as unknown as EventSource;
      },
      random: () => 1,
    });
    return { sources, on, stream };
  }

  it('hands parsed events to their handlers', () => {
    const { sources, on, stream } = setup();
    stream.start();
    sources[0].emit('open');
    sources[0].emit('ticket', JSON.stringify({ ticket: { id: 't1' } }));
    sources[0].emit('message', JSON.stringify({ conversationId: 'c1', message: { id: 'm1' } }));
    sources[0].emit('conversation', JSON.stringify({ conversationId: 'c1', owner: 'agent', assigneeId: 'a' }));
    sources[0].emit('ticket', 'not json');
    expect(on.status).toHaveBeenLastCalledWith('live');
    expect(on.ticket).toHaveBeenCalledTimes(1);
    expect(on.ticket).toHaveBeenCalledWith({ ticket: { id: 't1' } });
    expect(on.message).toHaveBeenCalledWith({ conversationId: 'c1', message: { id: 'm1' } });
    expect(on.conversation).toHaveBeenCalledWith({ conversationId: 'c1', owner: 'agent', assigneeId: 'a' });
    expect(on.reconnected).not.toHaveBeenCalled();
  });

  it('reconnects with growing delays after errors and asks for a refetch once back', () => {
    const { sources, on, stream } = setup();
    stream.start();
    sources[0].emit('open');
    sources[0].emit('error');
    expect(sources[0].closed).toBe(true);
    expect(on.status).toHaveBeenLastCalledWith('reconnecting');
    expect(on.dropped).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    expect(sources[1].url).toBe('/events?token=t2');

    sources[1].emit('error');
    jest.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);

    sources[2].emit('open');
    expect(on.reconnected).toHaveBeenCalledTimes(1);
    expect(on.status).toHaveBeenLastCalledWith('live');

    sources[2].emit('error');
    jest.advanceTimersByTime(1000);
    expect(sources).toHaveLength(4);
  });

  it('stops for good', () => {
    const { sources, stream } = setup();
    stream.start();
    sources[0].emit('error');
    stream.stop();
    jest.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });
});

describe('parseEventData', () => {
  it('returns JSON objects only', () => {
    expect(parseEventData('{"a":1}')).toEqual({ a: 1 });
    expect(parseEventData('1')).toBeNull();
    expect(parseEventData('nope')).toBeNull();
    expect(parseEventData(undefined)).toBeNull();
  });
});
