import { KeyValueStorage, VisitorStorage } from './visitor-storage';

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

class BrokenStorage implements KeyValueStorage {
  getItem(): string | null {
    throw new Error('SecurityError');
  }
  setItem(): void {
    throw new Error('QuotaExceededError');
  }
  removeItem(): void {
    throw new Error('SecurityError');
  }
}

describe('VisitorStorage', () => {
  it('keeps the visitor token under switchboard:<inboxKey>:visitor', () => {
    const memory = new MemoryStorage();
    const storage = new VisitorStorage(memory, 'ib_abc');
    expect(storage.visitorToken()).toBeNull();
    storage.setVisitorToken('vt-1');
    expect(memory.data.get('switchboard:ib_abc:visitor')).toBe('vt-1');
    expect(new VisitorStorage(memory, 'ib_abc').visitorToken()).toBe('vt-1');
    expect(new VisitorStorage(memory, 'ib_other').visitorToken()).toBeNull();
    storage.clearVisitorToken();
    expect(storage.visitorToken()).toBeNull();
  });

  it('persists the outbox across page loads and removes the key when it is empty', () => {
    const memory = new MemoryStorage();
    const storage = new VisitorStorage(memory, 'ib_abc');
    const item = { clientMessageId: 'c1', content: 'Hi', createdAt: '2025-01-01T10:00:00.000Z' };
    storage.save([item]);
    expect(new VisitorStorage(memory, 'ib_abc').load()).toEqual([item]);
    storage.save([]);
    expect(memory.data.has('switchboard:ib_abc:outbox')).toBe(false);
  });

  it('survives corrupted values', () => {
    const memory = new MemoryStorage();
    memory.setItem('switchboard:ib_abc:outbox', '{not json');
    memory.setItem('switchboard:ib_abc:feedback', '["up"]');
    memory.setItem('switchboard:ib_abc:contact', '{"m1": 5, "m2": "a@b.co"}');
    const storage = new VisitorStorage(memory, 'ib_abc');
    expect(storage.load()).toEqual([]);
    expect(storage.ratings().size).toBe(0);
    expect([...storage.contactsSent()]).toEqual([['m2', 'a@b.co']]);
  });

  it('remembers ratings, sent contact forms and the last seen message', () => {
    const storage = new VisitorStorage(new MemoryStorage(), 'ib_abc');
    storage.setRating('m1', 'up');
    storage.setRating('m2', 'down');
    expect([...storage.ratings()]).toEqual([
      ['m1', 'up'],
      ['m2', 'down'],
    ]);
    storage.setContactSent('m3', 'ann@example.com');
    expect(storage.contactsSent().get('m3')).toBe('ann@example.com');
    storage.setLastSeenMessageId('m9');
    expect(storage.lastSeenMessageId()).toBe('m9');
  });

  it('works without storage, or with storage that throws', () => {
    for (const backend of [null, new BrokenStorage()]) {
      const storage = new VisitorStorage(backend, 'ib_abc');
      expect(() => storage.setVisitorToken('vt')).not.toThrow();
      expect(storage.visitorToken()).toBeNull();
      expect(() => storage.save([])).not.toThrow();
      expect(storage.load()).toEqual([]);
    }
  });
});

describe('VisitorStorage inbox cache', () => {
  it('remembers the inbox appearance and reads it back safely', () => {
    const memory = new MemoryStorage();
    const storage = new VisitorStorage(memory, 'ib_abc');
    expect(storage.inboxSettings()).toBeNull();
    storage.setInboxSettings({
      title: 'Help',
      color: '#0f766e',
      greeting: 'Hi',
      locale: 'de',
      strings: { send: 'Los' },
    });
    expect(new VisitorStorage(memory, 'ib_abc').inboxSettings()).toEqual({
      title: 'Help',
      color: '#0f766e',
      greeting: 'Hi',
      locale: 'de',
      strings: { send: 'Los' },
    });
    memory.setItem('switchboard:ib_abc:inbox', '{"title": 5}');
    expect(storage.inboxSettings()).toMatchObject({ title: null, color: null });
  });
});
