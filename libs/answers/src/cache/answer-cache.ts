import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Visibility, WorkspaceId } from '@switchboard/database';
import { KnowledgeDocumentsService } from '@switchboard/knowledge';
import { createRequestRedis, redisReady } from '@switchboard/queue';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { AnswerResult } from '../answer.types';

const TTL_SECONDS = 24 * 3600;

/** Lowercase, no punctuation, single spaces: "How do I reset my password?" and "how do i reset my password" meet. */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type CachedAnswer = Omit<AnswerResult, 'traceId' | 'cacheHit' | 'latencyMs'>;

/**
 * Repeated questions in a workspace are answered from Redis. The key holds the knowledge version (changes
 * whenever any document of the workspace is indexed, changed or removed), so a changed source is never served stale.
 */
@Injectable()
export class AnswerCache implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly documents: KnowledgeDocumentsService,
  ) {
    // Auto-pipelining: the commands of many concurrent answers go out in one write per tick.
    this.redis = createRequestRedis(config.redis.url, { enableAutoPipelining: true });
    this.redis.on('error', () => undefined);
    this.prefix = `${config.queue.prefix}:answer-cache`;
  }

  private readonly prefix: string;

  async key(workspaceId: WorkspaceId, question: string, visibility: Visibility[]): Promise<string> {
    const version = await this.documents.knowledgeVersion(workspaceId);
    const parts = [workspaceId, [...visibility].sort().join(','), version, normaliseQuestion(question)];
    return `${this.prefix}:${workspaceId}:${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
  }

  /** A cache that is down is a miss, never an error. */
  async get(key: string): Promise<CachedAnswer | null> {
    try {
      await redisReady(this.redis);
      const raw = await this.redis.get(key);
      return raw ? (JSON.parse(raw) as CachedAnswer) : null;
    } catch {
      return null;
    }
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    try {
      await redisReady(this.redis);
      await this.redis.set(key, JSON.stringify(answer), 'EX', TTL_SECONDS);
    } catch {
      // Caching is an optimisation; a failure here must not fail the answer.
    }
  }

  /**
   * Deletes every cached answer of the workspace; returns how many keys went. A key hashes the question with the
   * knowledge version of its day, so one person's questions cannot be singled out: erasure empties the workspace's
   * cache (it refills as questions come). Unlike a read, this fails while Redis is down, so the erasure is retried.
   */
  async clearWorkspace(workspaceId: WorkspaceId): Promise<number> {
    await redisReady(this.redis);
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:${workspaceId}:*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
