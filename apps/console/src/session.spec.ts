import { parseSession, SESSION_STORAGE_KEY, SessionStore, type SessionStorage } from './session';

class MemoryStorage implements SessionStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

describe('SessionStore', () => {
  const now = Date.parse('2024-05-10T10:00:00Z');

  it('saves under switchboard:console:session and loads it back', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, () => now);
    store.save({ token: 'tok', expiresAt: '2024-05-11T10:00:00Z' });
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY) ?? '')).toEqual({
      token: 'tok',
      expiresAt: '2024-05-11T10:00:00Z',
    });
    expect(store.load()).toEqual({ token: 'tok', expiresAt: '2024-05-11T10:00:00Z' });
  });

  it('forgets an expired session', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, () => now);
    store.save({ token: 'tok', expiresAt: '2024-05-10T09:59:59Z' });
    expect(store.load()).toBeNull();
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('clears the session', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, () => now);
    store.save({ token: 'tok', expiresAt: null });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('survives a storage that throws', () => {
    const broken: SessionStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const store = new SessionStore(broken, () => now);
    expect(() => store.save({ token: 't', expiresAt: null })).not.toThrow();
    expect(store.load()).toBeNull();
  });
});

describe('parseSession', () => {
  it('reads the stored JSON or a bare token', () => {
    expect(parseSession('{"token":"abc","expiresAt":null}')).toEqual({ token: 'abc', expiresAt: null });
    expect(parseSession('abc')).toEqual({ token: 'abc', expiresAt: null });
  });

  it('rejects anything without a token', () => {
    expect(parseSession('{"expiresAt":"2024-01-01"}')).toBeNull();
    expect(parseSession('{broken')).toBeNull();
    expect(parseSession('')).toBeNull();
  });
});
