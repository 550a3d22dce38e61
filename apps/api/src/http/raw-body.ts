import { Readable } from 'node:stream';

export class RawBodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    what = 'Message',
  ) {
    super(`${what} exceeds ${limit} bytes`);
    this.name = 'RawBodyTooLargeError';
  }
}

/**
 * Reads a request body the api's parsers left unread, up to `limit` bytes: a declared Content-Length over it is
 * refused before reading, and a body that grows past it is refused at that chunk, so nothing unbounded is buffered.
 */
export async function readRawBody(
  body: Readable & { headers?: Record<string, string | string[] | undefined> },
  limit: number,
  what?: string,
): Promise<Buffer> {
  const declared = Number(body.headers?.['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new RawBodyTooLargeError(limit, what);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new RawBodyTooLargeError(limit, what);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
