import { createHash } from 'node:crypto';

/**
 * A stable UUID for a chunk (Qdrant point ids must be UUIDs or integers): the first 16 bytes of
 * sha1(`${documentId}:${contentHash}`) with the version-5 and RFC 4122 variant bits set, so
 * re-ingesting the same content yields the same id.
 */
export function chunkId(documentId: string, contentHash: string): string {
  const bytes = createHash('sha1').update(`${documentId}:${contentHash}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
