import { AppConfig, loadConfig } from '@switchboard/config';
import {
  DEFAULT_WORKSPACE_SETTINGS,
  Document,
  KnowledgeSource,
  Visibility,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
  dataSourceOptions,
} from '@switchboard/database';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { KnowledgeDocumentsService } from '@switchboard/knowledge';
import { startKnowledgeModule } from '@switchboard/knowledge/testing';
import { TestingModule } from '@nestjs/testing';
import { AnswerCache, CachedAnswer } from './answer-cache';

const DAY_SECONDS = 24 * 3600;

describe('AnswerCache', () => {
  let environment: TestEnvironment;
  let config: AppConfig;
  let dataSource: DataSource;
  let cache: AnswerCache;
  let knowledge: TestingModule;
  let documents: KnowledgeDocumentsService;
  /** A separate connection to look at what the cache wrote. */
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('answer_cache');
    config = environment.config('worker');
    prefix = `${config.queue.prefix}:answer-cache`;
    dataSource = await new DataSource(dataSourceOptions(environment.database.url, true)).initialize();
    knowledge = await startKnowledgeModule(environment);
    documents = knowledge.get(KnowledgeDocumentsService);
    cache = new AnswerCache(config, documents);
    redis = new Redis(config.redis.url, { lazyConnect: true });
    await redis.connect();
  });

  afterAll(async () => {
    // The queue prefix is unique to this file, so everything under it is this file's.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queue.prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    cache?.onModuleDestroy();
    await knowledge?.close();
    await dataSource?.destroy();
    await environment?.destroy();
  });

  async function newWorkspace(): Promise<WorkspaceId> {
    const workspace = await dataSource
      .getRepository(Workspace)
      .save({ name: `cache ${randomUUID()}`, settings: DEFAULT_WORKSPACE_SETTINGS });
    return asWorkspaceId(workspace.id);
  }

  async function addDocument(workspaceId: WorkspaceId, visibility: Visibility = 'public'): Promise<Document> {
    const source = await dataSource
      .getRepository(KnowledgeSource)
      .save({ workspaceId, name: 'Help centre', type: 'text', visibility });
    return dataSource.getRepository(Document).save({
      workspaceId,
      sourceId: source.id,
      externalId: randomUUID(),
      title: 'Returns',
      url: null,
      visibility,
    });
  }

  function answer(text: string): CachedAnswer {
    return {
      text,
      draft: text,
      citations: [{ index: 1, chunkId: 'c1', documentId: 'd1', title: 'Returns', url: 'https://help.example/r' }],
      confidence: 0.82,
      threshold: 0.5,
      decision: 'answer',
      reason: null,
      retrieved: [{ chunkId: 'c1', documentId: 'd1', rank: 1, score: 0.91 }],
      features: { coverage: 0.7, top_score: 0.91 },
      model: 'test-model',
    };
  }

  describe('key', () => {
    it('gives the same key to a question asked with different case, spacing and punctuation', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId);
      const keys = await Promise.all(
        ['How do I reset my password?', '  how do i RESET my   password', 'How, do I reset my password!?'].map(
          (question) => cache.key(workspaceId, question, ['public']),
        ),
      );
      expect(new Set(keys).size).toBe(1);
    });

    it('gives different questions different keys', async () => {
      const workspaceId = await newWorkspace();
      expect(await cache.key(workspaceId, 'How do I reset my password?', ['public'])).not.toBe(
        await cache.key(workspaceId, 'How do I reset my PIN?', ['public']),
      );
    });

    it('names the prefix and the workspace, then a sha256 digest', async () => {
      const workspaceId = await newWorkspace();
      const key = await cache.key(workspaceId, 'Where is my order?', ['public']);
      expect(key).toMatch(new RegExp(`^${prefix}:${workspaceId}:[0-9a-f]{64}$`));
    });

    it('keeps the same question apart in different workspaces', async () => {
      const a = await newWorkspace();
      const b = await newWorkspace();
      expect(await cache.key(a, 'Where is my order?', ['public'])).not.toBe(
        await cache.key(b, 'Where is my order?', ['public']),
      );
    });

    it('gives a different key for a different visibility', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId);
      const customer = await cache.key(workspaceId, 'Where is my order?', ['public']);
      const staff = await cache.key(workspaceId, 'Where is my order?', ['public', 'internal']);
      const internalOnly = await cache.key(workspaceId, 'Where is my order?', ['internal']);
      expect(new Set([customer, staff, internalOnly]).size).toBe(3);
    });

    it('ignores the order of the visibilities', async () => {
      const workspaceId = await newWorkspace();
      expect(await cache.key(workspaceId, 'Where is my order?', ['public', 'internal'])).toBe(
        await cache.key(workspaceId, 'Where is my order?', ['internal', 'public']),
      );
    });

    it('does not reorder the visibility array it is given', async () => {
      const workspaceId = await newWorkspace();
      const visibility: Visibility[] = ['public', 'internal'];
      await cache.key(workspaceId, 'Where is my order?', visibility);
      expect(visibility).toEqual(['public', 'internal']);
    });

    it('stays the same while the knowledge does not change', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId);
      expect(await cache.key(workspaceId, 'Where is my order?', ['public'])).toBe(
        await cache.key(workspaceId, 'Where is my order?', ['public']),
      );
    });

    it('changes when a document is added', async () => {
      const workspaceId = await newWorkspace();
      const empty = await cache.key(workspaceId, 'Where is my order?', ['public']);
      await addDocument(workspaceId);
      const one = await cache.key(workspaceId, 'Where is my order?', ['public']);
      await addDocument(workspaceId);
      const two = await cache.key(workspaceId, 'Where is my order?', ['public']);
      expect(new Set([empty, one, two]).size).toBe(3);
    });

    it('changes when a document is re-indexed with new content', async () => {
      const workspaceId = await newWorkspace();
      const document = await addDocument(workspaceId);
      const before = await cache.key(workspaceId, 'Where is my order?', ['public']);
      // As ingestion records a new version of a document.
      await dataSource
        .getRepository(Document)
        .update({ id: document.id }, { contentHash: 'b'.repeat(64), version: () => 'version + 1', status: 'indexed' });
      expect(await cache.key(workspaceId, 'Where is my order?', ['public'])).not.toBe(before);
    });

    it('changes when a document other than the newest is removed', async () => {
      const workspaceId = await newWorkspace();
      const oldest = await addDocument(workspaceId);
      await addDocument(workspaceId);
      const before = await cache.key(workspaceId, 'Where is my order?', ['public']);
      await dataSource.getRepository(Document).delete({ id: oldest.id });
      expect(await cache.key(workspaceId, 'Where is my order?', ['public'])).not.toBe(before);
    });

    it('changes when an internal document changes, even for a public-only question', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId, 'public');
      const before = await cache.key(workspaceId, 'Where is my order?', ['public']);
      await addDocument(workspaceId, 'internal');
      expect(await cache.key(workspaceId, 'Where is my order?', ['public'])).not.toBe(before);
    });

    it("does not change when another workspace's documents change", async () => {
      const mine = await newWorkspace();
      const other = await newWorkspace();
      await addDocument(mine);
      const before = await cache.key(mine, 'Where is my order?', ['public']);
      await addDocument(other);
      expect(await cache.key(mine, 'Where is my order?', ['public'])).toBe(before);
    });
  });

  describe('get and set', () => {
    it('returns what was stored under a key', async () => {
      const key = await cache.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      const stored = answer('Yes, within 30 days [1].');
      await cache.set(key, stored);
      expect(await cache.get(key)).toEqual(stored);
    });

    it('misses a key that was never set', async () => {
      const key = await cache.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      expect(await cache.get(key)).toBeNull();
    });

    it('serves a differently worded form of the question from the same entry', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId);
      const stored = answer('Yes, within 30 days [1].');
      await cache.set(await cache.key(workspaceId, 'Can I return shoes?', ['public']), stored);
      expect(await cache.get(await cache.key(workspaceId, 'can i RETURN shoes', ['public']))).toEqual(stored);
    });

    it('replaces the entry when a key is set again', async () => {
      const key = await cache.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      await cache.set(key, answer('First.'));
      await cache.set(key, answer('Second.'));
      expect((await cache.get(key))?.text).toBe('Second.');
    });

    it('stores the entry as JSON that expires after a day', async () => {
      const key = await cache.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      await cache.set(key, answer('Yes.'));
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(DAY_SECONDS - 60);
      expect(ttl).toBeLessThanOrEqual(DAY_SECONDS);
      expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual(answer('Yes.'));
    });

    it('no longer serves an answer after the knowledge changes', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId);
      await cache.set(await cache.key(workspaceId, 'Can I return shoes?', ['public']), answer('Old policy.'));
      await addDocument(workspaceId);
      expect(await cache.get(await cache.key(workspaceId, 'Can I return shoes?', ['public']))).toBeNull();
    });

    it('does not serve a customer the answer cached for staff', async () => {
      const workspaceId = await newWorkspace();
      await addDocument(workspaceId, 'internal');
      await cache.set(
        await cache.key(workspaceId, 'What is the refund limit?', ['public', 'internal']),
        answer('€500.'),
      );
      expect(await cache.get(await cache.key(workspaceId, 'What is the refund limit?', ['public']))).toBeNull();
    });

    it('treats an unreadable entry as a miss', async () => {
      const key = await cache.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      await redis.set(key, '{not json', 'EX', 60);
      expect(await cache.get(key)).toBeNull();
    });
  });

  describe('when Redis is down', () => {
    let down: AnswerCache;

    beforeAll(() => {
      // Port 1 refuses connections at once.
      down = new AnswerCache(
        loadConfig('worker', { ...environment.variables, REDIS_URL: 'redis://127.0.0.1:1' }),
        documents,
      );
    });

    afterAll(() => {
      down.onModuleDestroy();
    });

    it('misses instead of failing on get', async () => {
      const key = await down.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      await expect(down.get(key)).resolves.toBeNull();
    });

    it('swallows the failure on set', async () => {
      const key = await down.key(await newWorkspace(), 'Can I return shoes?', ['public']);
      await expect(down.set(key, answer('Yes.'))).resolves.toBeUndefined();
    });
  });
});
