import { DocumentParseError } from './document-parse.error';

const SNIFF_BYTES = 8000;

/** Decodes a text format: a byte-order mark wins, then the declared charset, then UTF-8. Refuses binary data. */
export function decodeText(input: Buffer, charset?: string, fileName?: string): string {
  if (input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input.subarray(2));
  if (input[0] === 0xfe && input[1] === 0xff) return new TextDecoder('utf-16be').decode(input.subarray(2));
  // The heuristic git uses: text never contains NUL bytes, most binary formats do early on.
  if (input.subarray(0, SNIFF_BYTES).includes(0)) {
    throw new DocumentParseError('looks like binary data, not text', fileName);
  }
  return new TextDecoder(supportedCharset(charset) ?? 'utf-8').decode(input);
}

function supportedCharset(charset: string | undefined): string | undefined {
  if (!charset) return undefined;
  try {
    return new TextDecoder(charset.trim().toLowerCase()).encoding;
  } catch {
    // Unknown labels throw RangeError; UTF-8 is the web's default and the best guess.
    return undefined;
  }
}
