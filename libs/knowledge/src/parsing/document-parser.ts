import { extname } from 'node:path';

import { parseDocx } from './docx.parser';
import { DocumentParseError } from './document-parse.error';
import { parseHtml } from './html.parser';
import { parseMarkdown } from './markdown.parser';
import type { DocumentParser } from './parse-options';
import type { ParsedDocument } from './parsed-document';
import { parsePdf } from './pdf.parser';
import { parsePlainText } from './plain-text.parser';
import { UnsupportedMediaTypeError } from './unsupported-media-type.error';

export const SUPPORTED_MEDIA_TYPES = [
  'text/markdown',
  'text/html',
  'text/plain',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

export type SupportedMediaType = (typeof SUPPORTED_MEDIA_TYPES)[number];

export interface ParseDocumentInput {
  content: Buffer;
  /** As sent (Content-Type header or upload); parameters such as charset are honoured. */
  mediaType: string;
  fileName?: string;
  /** Used when the document does not name itself (no front matter, <title>, H1 or PDF Title). */
  title?: string;
  /** Budget for PDF and DOCX extraction; defaults to 60 s. */
  timeoutMs?: number;
}

const PARSERS: Record<SupportedMediaType, DocumentParser> = {
  'text/markdown': parseMarkdown,
  'text/html': parseHtml,
  'text/plain': parsePlainText,
  'application/pdf': parsePdf,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': parseDocx,
};

const ALIASES: Record<string, SupportedMediaType> = {
  'text/x-markdown': 'text/markdown',
  'application/xhtml+xml': 'text/html',
};

const EXTENSIONS: Record<string, SupportedMediaType> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.mdown': 'text/markdown',
  '.mkd': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'text/html',
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

// Servers and browsers send these for files they cannot classify (GitHub serves .md as text/plain).
const GENERIC_MEDIA_TYPES = new Set(['', 'text/plain', 'application/octet-stream', 'binary/octet-stream']);

/** The supported media type for a file name's extension, or undefined. */
export function mediaTypeFor(fileName: string): SupportedMediaType | undefined {
  return EXTENSIONS[extname(fileName).toLowerCase()];
}

/** The parser's media type: the declared one, or the extension's when the declared one is generic or unknown. */
export function resolveMediaType(mediaType: string, fileName?: string): SupportedMediaType {
  const essence = mediaType.split(';')[0].trim().toLowerCase();
  const declared = isSupported(essence) ? essence : ALIASES[essence];
  const fromExtension = fileName ? mediaTypeFor(fileName) : undefined;
  const resolved = GENERIC_MEDIA_TYPES.has(essence) ? (fromExtension ?? declared) : (declared ?? fromExtension);
  if (!resolved) throw new UnsupportedMediaTypeError(mediaType, SUPPORTED_MEDIA_TYPES, fileName);
  return resolved;
}

/** Parses a document by media type; throws UnsupportedMediaTypeError or DocumentParseError, never anything else. */
export async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  const mediaType = resolveMediaType(input.mediaType, input.fileName);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(input.mediaType)?.[1];
  try {
    return await PARSERS[mediaType](input.content, input.fileName, {
      title: input.title,
      charset,
      timeoutMs: input.timeoutMs,
    });
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError(`could not parse ${mediaType}`, input.fileName, { cause: error });
  }
}

function isSupported(mediaType: string): mediaType is SupportedMediaType {
  return (SUPPORTED_MEDIA_TYPES as readonly string[]).includes(mediaType);
}
