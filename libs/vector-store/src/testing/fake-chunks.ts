import { createHash, randomUUID } from 'node:crypto';
import type { WorkspaceId } from '@switchboard/database';
import { ChunkRecord, StoredChunk } from '../vector-store.port';

/** A fresh workspace id; tests never share workspaces, so they never see each other's chunks. */
export function newWorkspaceId(): WorkspaceId {
  return randomUUID() as WorkspaceId;
}

/** A unit vector along one axis: the building block of hand-made, predictable embeddings. */
export function axisVector(dimension: number, axis: number): number[] {
  if (axis < 0 || axis >= dimension) throw new RangeError(`axis ${axis} is outside a ${dimension}-dimensional space`);
  return Array.from({ length: dimension }, (_, i) => (i === axis ? 1 : 0));
}

/** A weighted sum of axes, e.g. `blendVector(8, { 0: 0.9, 1: 0.1 })` is close to axis 0. */
export function blendVector(dimension: number, weights: Record<number, number>): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const [axis, weight] of Object.entries(weights)) {
    const index = Number(axis);
    if (!Number.isInteger(index) || index < 0 || index >= dimension) throw new RangeError(`bad axis ${axis}`);
    vector[index] = weight;
  }
  return vector;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type FakeChunkInput = Partial<Omit<ChunkRecord, 'workspaceId'>> & { workspaceId: string; dimension?: number };

/** A complete ChunkRecord with random ids and a hash that matches its text; override what the test cares about. */
export function fakeChunk(input: FakeChunkInput): ChunkRecord {
  const { dimension = 8, ...overrides } = input;
  const text = overrides.text ?? `Chunk text ${randomUUID()}`;
  return {
    id: randomUUID(),
    sourceId: randomUUID(),
    documentId: randomUUID(),
    visibility: 'public',
    title: 'A document',
    headingPath: [],
    url: null,
    position: 0,
    vector: axisVector(dimension, 0),
    ...overrides,
    text,
    contentHash: overrides.contentHash ?? sha256Hex(text),
  };
}

export interface FakeDocumentInput extends Omit<FakeChunkInput, 'id' | 'position' | 'text' | 'contentHash'> {
  texts: string[];
}

/** The chunks of one document, sharing document, source, title and visibility, positions 0..n-1. */
export function fakeDocumentChunks(input: FakeDocumentInput): ChunkRecord[] {
  const { texts, ...shared } = input;
  const documentId = shared.documentId ?? randomUUID();
  const sourceId = shared.sourceId ?? randomUUID();
  return texts.map((text, position) => fakeChunk({ ...shared, documentId, sourceId, text, position }));
}

/** What a store should give back for a chunk: everything but the vector. */
export function storedChunk(chunk: ChunkRecord): StoredChunk {
  const { vector: _vector, ...stored } = chunk;
  return stored;
}
