import { createHash } from 'node:crypto';

import type { ParsedDocument } from '../parsing/parsed-document';
import { SEGMENT_SEPARATORS, segmentText, type TextSegment } from './sentence-splitter';

export interface ChunkOptions {
  /** Upper bound on a chunk's `text` (not `embedText`); only a single word longer than this exceeds it. */
  maxChars?: number;
  /** Sentences repeated from the end of a chunk at the start of the next chunk of the same section. */
  overlapSentences?: number;
  /** A section's last chunk shorter than this takes sentences from the chunk before it. */
  minChars?: number;
}

export interface Chunk {
  /** 0-based order of the chunk in the document. */
  position: number;
  headingPath: string[];
  text: string;
  /** Title, heading path and text: what is embedded and indexed lexically. */
  embedText: string;
  /** sha256 hex of embedText. */
  contentHash: string;
}

export const DEFAULT_CHUNK_OPTIONS: Required<ChunkOptions> = { maxChars: 1200, overlapSentences: 1, minChars: 200 };

/** A run of segments [start, end); segments before `fresh` repeat the previous chunk's tail. */
interface SegmentRange {
  start: number;
  fresh: number;
  end: number;
}

/**
 * Heading-aware chunks: each section is chunked on its own (a chunk never mixes sections, so its
 * heading path is always true), sentences are packed up to maxChars with overlap between chunks.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const settings = validated({
    maxChars: options.maxChars ?? DEFAULT_CHUNK_OPTIONS.maxChars,
    overlapSentences: options.overlapSentences ?? DEFAULT_CHUNK_OPTIONS.overlapSentences,
    minChars: options.minChars ?? DEFAULT_CHUNK_OPTIONS.minChars,
  });
  const chunks: Chunk[] = [];
  for (const section of doc.sections) {
    const segments = segmentText(section.text).flatMap((segment) => splitLongSegment(segment, settings.maxChars));
    for (const range of packSegments(segments, settings)) {
      const text = joinSegments(segments, range.start, range.end);
      const embedText = buildEmbedText(doc.title, section.headingPath, text);
      chunks.push({
        position: chunks.length,
        headingPath: [...section.headingPath],
        text,
        embedText,
        contentHash: createHash('sha256').update(embedText).digest('hex'),
      });
    }
  }
  return chunks;
}

/** `${title}\n${headingPath}\n\n${text}`, skipping empty parts and a top heading that repeats the title. */
export function buildEmbedText(title: string, headingPath: readonly string[], text: string): string {
  const path = headingPath[0] === title ? headingPath.slice(1) : headingPath;
  const header = [title, path.join(' > ')].filter(Boolean).join('\n');
  return header ? `${header}\n\n${text}` : text;
}

function packSegments(segments: TextSegment[], settings: Required<ChunkOptions>): SegmentRange[] {
  const { maxChars, overlapSentences, minChars } = settings;
  const ranges: SegmentRange[] = [];
  const overlapStart = (from: number, fresh: number, end: number): number => {
    let start = Math.max(from, fresh - overlapSentences);
    while (start < fresh && joinedLength(segments, start, end) > maxChars) start++;
    return start;
  };

  for (let fresh = 0; fresh < segments.length;) {
    const start = ranges.length > 0 ? overlapStart(ranges[ranges.length - 1].start, fresh, fresh + 1) : fresh;
    let end = fresh + 1;
    let length = joinedLength(segments, start, end);
    while (end < segments.length) {
      const added = SEGMENT_SEPARATORS[segments[end].break].length + segments[end].text.length;
      if (length + added > maxChars) break;
      length += added;
      end++;
    }
    ranges.push({ start, fresh, end });
    fresh = end;
  }

  // Rebalance a short tail by moving sentences into it, as long as the chunk before stays long enough.
  while (ranges.length >= 2) {
    const last = ranges[ranges.length - 1];
    const previous = ranges[ranges.length - 2];
    if (joinedLength(segments, last.start, last.end) >= minChars) break;
    const boundary = previous.end - 1;
    if (boundary <= previous.fresh || joinedLength(segments, previous.start, boundary) < minChars) break;
    if (joinedLength(segments, boundary, last.end) > maxChars) break;
    previous.end = boundary;
    last.fresh = boundary;
    last.start = overlapStart(previous.start, boundary, last.end);
  }
  return ranges;
}

// Only a sentence longer than maxChars is cut, between words; a single longer word stays whole.
function splitLongSegment(segment: TextSegment, maxChars: number): TextSegment[] {
  if (segment.text.length <= maxChars) return [segment];
  const pieces: TextSegment[] = [];
  let current = '';
  for (const word of segment.text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > maxChars) {
      pieces.push({ text: current, break: pieces.length === 0 ? segment.break : 'space' });
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) pieces.push({ text: current, break: pieces.length === 0 ? segment.break : 'space' });
  return pieces;
}

function joinSegments(segments: TextSegment[], start: number, end: number): string {
  let text = segments[start].text;
  for (let i = start + 1; i < end; i++) text += SEGMENT_SEPARATORS[segments[i].break] + segments[i].text;
  return text;
}

function joinedLength(segments: TextSegment[], start: number, end: number): number {
  let length = segments[start].text.length;
  for (let i = start + 1; i < end; i++)
    length += SEGMENT_SEPARATORS[segments[i].break].length + segments[i].text.length;
  return length;
}

function validated(options: Required<ChunkOptions>): Required<ChunkOptions> {
  const { maxChars, overlapSentences, minChars } = options;
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`maxChars must be a positive integer`);
  if (!Number.isInteger(overlapSentences) || overlapSentences < 0) {
    throw new RangeError(`overlapSentences must be a non-negative integer`);
  }
  if (!Number.isFinite(minChars) || minChars < 0) throw new RangeError(`minChars must be a non-negative number`);
  return { maxChars, overlapSentences, minChars: Math.min(minChars, maxChars) };
}
