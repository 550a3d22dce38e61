import { randomUUID } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { loadConfig } from '@switchboard/config';
import { QdrantVectorStore } from './qdrant/qdrant.adapter';
import { qdrantCollectionName } from './qdrant/qdrant-collection.schema';
import { QdrantDouble } from './qdrant/testing/qdrant-double';
import { VectorStoreFactory, describeVectorStoreConformance } from './testing/vector-store.conformance';

// Every call is an HTTP round trip through a schema-validating server; a loaded CI machine needs the slack.
jest.setTimeout(30_000);

let double: QdrantDouble | undefined;

function theDouble(): QdrantDouble {
  if (!double) throw new Error('the Qdrant double is not running');
  return double;
}

/** A store on its own collection prefix; cleanup drops the collection it made, so runs never see each other's data. */
function qdrantFactory(target: () => { url: string; apiKey?: string }): VectorStoreFactory {
  return async (space) => {
    const { url, apiKey } = target();
    const collectionPrefix = `test_${randomUUID().slice(0, 8)}`;
    return {
      store: new QdrantVectorStore({ url, apiKey, collectionPrefix }),
      cleanup: async () => {
        const admin = new QdrantClient({ url, apiKey, checkCompatibility: false });
        await admin.deleteCollection(qdrantCollectionName(space, collectionPrefix));
      },
    };
  };
}

beforeAll(async () => {
  double = await QdrantDouble.start();
});

// Every request the adapter sent must be one Qdrant's own OpenAPI document accepts, and one a server would serve.
afterEach(() => {
  expect(theDouble().violations).toEqual([]);
  expect(theDouble().rejections).toEqual([]);
});

afterAll(async () => {
  await double?.close();
});

describeVectorStoreConformance(
  'qdrant (double checked against the Qdrant 1.18 OpenAPI spec)',
  qdrantFactory(() => ({ url: theDouble().url })),
);

describe('the Qdrant double behind the conformance run', () => {
  it('served the suite, validating every request and response against the spec', () => {
    const operations = new Set(theDouble().requests.map((request) => request.operationId));
    expect([...operations].sort()).toEqual(
      expect.arrayContaining([
        'collection_exists',
        'count_points',
        'create_collection',
        'create_field_index',
        'delete_points',
        'get_collection',
        'query_batch_points',
        'scroll_points',
        'upsert_points',
      ]),
    );
    expect(theDouble().violations).toEqual([]);
  });
});

const config = loadConfig('cli');
const vectorStore = config.vectorStore;
if (vectorStore.kind === 'qdrant') {
  describeVectorStoreConformance(
    `qdrant (real server at ${vectorStore.url})`,
    qdrantFactory(() => ({ url: vectorStore.url, apiKey: vectorStore.apiKey })),
  );
} else {
  // Reported as skipped, not passed: without a server the real-Qdrant run proves nothing.
  describe.skip('qdrant (real server) (skipped: no Qdrant server; set QDRANT_URL)', () => {
    it('passes the vector store conformance suite against a real Qdrant', () => {
      expect(vectorStore.kind).toBe('qdrant');
    });
  });
}
