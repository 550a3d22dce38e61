import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A blob's place under the store's root: a path of safe segments, e.g. [workspaceId, parentId, blobId]. */
export type KeyPath = readonly string[];

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Files on local disk under one root, keyed by paths of safe segments (shared by api and worker through DATA_DIR).
 * Each owner gives its own root, so two owners' keys never meet.
 */
export class KeyedBlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: KeyPath, content: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Write then rename: a reader never sees half a file, even if the process dies mid-write.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, target);
  }

  async get(key: KeyPath): Promise<Buffer> {
    return readFile(this.path(key));
  }

  /** Deletes one blob, or a whole folder of them (a key prefix); nothing there is not an error. */
  async delete(key: KeyPath): Promise<void> {
    await rm(this.path(key), { recursive: true, force: true });
  }

  /** The names one level below a key prefix (blobs or folders); empty when there is nothing. */
  async list(prefix: KeyPath): Promise<string[]> {
    try {
      const entries = await readdir(this.path(prefix));
      return entries.filter((name) => SAFE_SEGMENT.test(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private path(key: KeyPath): string {
    if (key.length === 0) throw new Error('A blob key needs at least one segment');
    const path = join(this.root, ...key.map(segment));
    if (!path.startsWith(this.root + sep)) throw new Error('Blob path escapes the blob directory');
    return path;
  }
}

function segment(value: string): string {
  if (!SAFE_SEGMENT.test(value)) throw new Error(`Unsafe blob key segment: ${value.slice(0, 40)}`);
  return value;
}
