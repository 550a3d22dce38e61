import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface BlobKey {
  workspaceId: string;
  sourceId: string;
  documentId: string;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;

/** Originals of uploaded and imported documents on local disk (shared by api and worker through DATA_DIR). */
export class BlobStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'blobs');
  }

  async put(key: BlobKey, content: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Write then rename: a reader never sees half a file, even if the process dies mid-write.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, target);
  }

  get(key: BlobKey): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async delete(key: BlobKey): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deleteSource(workspaceId: string, sourceId: string): Promise<void> {
    await rm(join(this.root, this.segment(workspaceId), this.segment(sourceId)), { recursive: true, force: true });
  }

  private path(key: BlobKey): string {
    const path = join(
      this.root,
      this.segment(key.workspaceId),
      this.segment(key.sourceId),
      this.segment(key.documentId),
    );
    if (!path.startsWith(this.root + sep)) throw new Error('Blob path escapes the blob directory');
    return path;
  }

  private segment(value: string): string {
    if (!SAFE_SEGMENT.test(value)) throw new Error(`Unsafe blob key segment: ${value.slice(0, 40)}`);
    return value;
  }
}
