import { Redis, RedisOptions } from 'ioredis';

/** How long a request may wait for Redis: a connection under way, then each command. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 2_000;
/** What callers tell clients to wait before retrying while Redis is down (about a reconnect or two). */
export const REDIS_RETRY_AFTER_SECONDS = 5;

/** Redis is down (or not answering in time): the caller fails open, or answers 503 with Retry-After. */
export class RedisUnavailableError extends Error {
  readonly retryAfterSeconds = REDIS_RETRY_AFTER_SECONDS;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * A Redis client for work done inside an HTTP request (rate limits, live events). No offline queue: while Redis is
 * down a command fails at once instead of waiting for a reconnect, so a request answers in bounded time; the client
 * keeps reconnecting in the background. Connects on first use (see redisReady).
 */
export function createRequestRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    ...options,
  });
}

/**
 * Resolves once `client` can take commands: starts a lazy client's first connection and waits (bounded) for one
 * under way. Between reconnect attempts Redis is down, so that throws RedisUnavailableError at once.
 */
export async function redisReady(client: Redis, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') client.connect().catch(() => undefined);
  const connecting = client.status === 'connecting' || client.status === 'connect';
  if (connecting && (await becomesReady(client, timeoutMs))) return;
  throw new RedisUnavailableError(`Redis is unavailable (${client.status})`);
}

/** Resolves true once the client is ready, false if the attempt fails or takes longer than timeoutMs. */
export function becomesReady(client: Redis, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('close', onClose);
      resolve(ready);
    };
    const onReady = (): void => settle(true);
    const onClose = (): void => settle(false);
    const timer = setTimeout(onClose, timeoutMs);
    client.once('ready', onReady);
    client.once('close', onClose);
  });
}
