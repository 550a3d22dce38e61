import { ChunkRecord, StoredChunk } from './vector-store.port';

/** What the lexical side indexes in both stores: title, then headings, then the chunk's own text. */
export function searchTextOf(chunk: Pick<ChunkRecord, 'title' | 'headingPath' | 'text'>): string {
  return [chunk.title, chunk.headingPath.join(' / '), chunk.text].filter((part) => part.length > 0).join('\n');
}

/** The fields a store keeps besides the vector, copied so the caller's arrays are never shared. */
export function storedFieldsOf(chunk: ChunkRecord): StoredChunk {
  return {
    id: chunk.id,
    workspaceId: chunk.workspaceId,
    sourceId: chunk.sourceId,
    documentId: chunk.documentId,
    visibility: chunk.visibility,
    title: chunk.title,
    headingPath: [...chunk.headingPath],
    text: chunk.text,
    url: chunk.url,
    position: chunk.position,
    contentHash: chunk.contentHash,
  };
}
