import { TestingModule } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { startKnowledgeModule } from '../testing/knowledge-test-module';
import { EmbeddingCacheRepository } from './embedding-cache.repository';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('EmbeddingCacheRepository (real Postgres)', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let cache: EmbeddingCacheRepository;

  beforeAll(async () => {
    environment = await createTestEnvironment('embcache');
    moduleRef = await startKnowledgeModule(environment);
    cache = moduleRef.get(EmbeddingCacheRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  it('returns the stored float32 vectors by model and hash, and nothing for unknown hashes', async () => {
    await cache.put('model-a', [{ hash: hashOf('one'), vector: [0.5, -1.25, 3] }]);

    const found = await cache.get('model-a', [hashOf('one'), hashOf('two')]);

    expect([...found]).toEqual([[hashOf('one'), [0.5, -1.25, 3]]]);
    expect((await cache.get('model-b', [hashOf('one')])).size).toBe(0);
  });

  it('keeps the first vector of a hash when it is put again', async () => {
    await cache.put('model-a', [{ hash: hashOf('first'), vector: [1, 2] }]);
    await cache.put('model-a', [{ hash: hashOf('first'), vector: [9, 9] }]);

    expect((await cache.get('model-a', [hashOf('first')])).get(hashOf('first'))).toEqual([1, 2]);
  });

  it('stores and reads more entries than one batch holds', async () => {
    const entries = Array.from({ length: 1_201 }, (_, i) => ({ hash: hashOf(`text ${i}`), vector: [i, i / 2] }));

    await cache.put('model-batch', entries);
    const found = await cache.get(
      'model-batch',
      entries.map(({ hash }) => hash),
    );

    expect(found.size).toBe(entries.length);
    expect(found.get(entries[1_200].hash)).toEqual([1_200, 600]);
  });
});
