import { resolve } from 'node:path';
import { KeyedBlobStore } from '@switchboard/storage';

export interface BlobKey {
  workspaceId: string;
  sourceId: string;
  documentId: string;
}

/** Originals of uploaded and imported documents on local disk (shared by api and worker through DATA_DIR). */
export class BlobStore {
  private readonly store: KeyedBlobStore;

  constructor(dataDir: string) {
    this.store = new KeyedBlobStore(resolve(dataDir, 'blobs'));
  }

  put(key: BlobKey, content: Buffer): Promise<void> {
    return this.store.put(keyPath(key), content);
  }

  get(key: BlobKey): Promise<Buffer> {
    return this.store.get(keyPath(key));
  }

  delete(key: BlobKey): Promise<void> {
    return this.store.delete(keyPath(key));
  }

  deleteSource(workspaceId: string, sourceId: string): Promise<void> {
    return this.store.delete([workspaceId, sourceId]);
  }
}

function keyPath(key: BlobKey): string[] {
  return [key.workspaceId, key.sourceId, key.documentId];
}
