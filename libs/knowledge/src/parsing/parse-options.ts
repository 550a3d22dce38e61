import type { ParsedDocument } from './parsed-document';

export interface ParseOptions {
  /** Title from the source (upload form, link text); used when the document does not name itself. */
  title?: string;
  /** Charset from the Content-Type header; text formats only, a byte-order mark wins. */
  charset?: string;
  /** Wall-clock budget for PDF and DOCX extraction, which run in a worker thread. */
  timeoutMs?: number;
}

export type DocumentParser = (input: Buffer, fileName?: string, options?: ParseOptions) => Promise<ParsedDocument>;
