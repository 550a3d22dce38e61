export const SESSION_STORAGE_KEY = 'switchboard:console:session';

export interface StoredSession {
  token: string;
  expiresAt: string | null;
}

export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The console's sign-in token in localStorage, so a reload keeps the agent signed in. */
export class SessionStore {
  constructor(
    private readonly storage: SessionStorage,
    private readonly now: () => number = () => Date.now(),
  ) {}

  load(): StoredSession | null {
    const raw = this.read();
    if (!raw) return null;
    const session = parseSession(raw);
    if (!session || isExpired(session, this.now())) {
      this.clear();
      return null;
    }
    return session;
  }

  save(session: StoredSession): void {
    try {
      this.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Private browsing can refuse storage; the session then lasts until reload.
    }
  }

  clear(): void {
    try {
      this.storage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Nothing stored is the state we want anyway.
    }
  }

  private read(): string | null {
    try {
      return this.storage.getItem(SESSION_STORAGE_KEY);
    } catch {
      return null;
    }
  }
}

/** A stored session: the JSON this store writes, or a bare token string. */
export function parseSession(raw: string): StoredSession | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  if (!trimmed.startsWith('{')) return { token: trimmed, expiresAt: null };
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value !== 'object' || value === null) return null;
    const { token, expiresAt } = value as { token?: unknown; expiresAt?: unknown };
    if (typeof token !== 'string' || token === '') return null;
    return { token, expiresAt: typeof expiresAt === 'string' ? expiresAt : null };
  } catch {
    return null;
  }
}

export function isExpired(session: StoredSession, now: number): boolean {
  if (!session.expiresAt) return false;
  const expires = Date.parse(session.expiresAt);
  return !Number.isNaN(expires) && expires <= now;
}
