import type { AttachmentContentType } from '@switchboard/database';

interface Signature {
  type: AttachmentContentType;
  /** Bytes expected at `offset`; null matches any byte. */
  bytes: ReadonlyArray<number | null>;
  offset?: number;
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The magic numbers of the accepted types (https://mimesniff.spec.whatwg.org/#matching-an-image-type-pattern). */
const SIGNATURES: readonly Signature[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  { type: 'image/webp', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBPVP')] },
  { type: 'application/pdf', bytes: ascii('%PDF-') },
];

/** The image types that the console may show inline as a preview; anything else is only a download. */
export const PREVIEWABLE_TYPES: ReadonlySet<AttachmentContentType> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]);

/**
 * The type a file's first bytes prove, or null for anything else (SVG, HTML, text, archives, empty files):
 * what the file is called and what the browser claimed are never asked.
 */
export function sniffAttachmentType(content: Buffer): AttachmentContentType | null {
  const match = SIGNATURES.find((signature) => startsWith(content, signature));
  return match?.type ?? null;
}

function startsWith(content: Buffer, { bytes, offset = 0 }: Signature): boolean {
  if (content.length < offset + bytes.length) return false;
  return bytes.every((expected, index) => expected === null || content[offset + index] === expected);
}

const UNSAFE_NAME_CHARACTERS = /["\\/<>:|?*]/g;
const MAX_NAME_LENGTH = 200;

/**
 * The visitor's file name made safe to show and to offer as a download's name: no path, no control or quoting
 * characters, at most 200 characters; `attachment` when nothing is left.
 */
export function sanitiseFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .map((char) => (isControl(char) ? '_' : char))
    .join('')
    .replace(UNSAFE_NAME_CHARACTERS, '_')
    .trim()
    .replace(/^\.+/, '');
  const short = [...cleaned].slice(-MAX_NAME_LENGTH).join('');
  return short.length > 0 ? short : 'attachment';
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}
