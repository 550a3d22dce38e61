import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanceDbVectorStore } from './lancedb/lancedb.adapter';
import { describeVectorStoreConformance } from './testing/vector-store.conformance';

describeVectorStoreConformance('lancedb', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-lancedb-'));
  return {
    store: new LanceDbVectorStore(directory),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});
