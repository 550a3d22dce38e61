import { sanitiseFileName, sniffAttachmentType } from './attachment-sniffing';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('sniffAttachmentType', () => {
  it.each([
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['a PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['a GIF87a', bytes('GIF87a', [1, 0]), 'image/gif'],
    ['a GIF89a', bytes('GIF89a', [1, 0]), 'image/gif'],
    ['a WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
  ])('recognises %s by its first bytes', (_what, content, type) => {
    expect(sniffAttachmentType(content)).toBe(type);
  });

  it.each([
    ['an empty file', bytes()],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['SVG behind an XML declaration', bytes('<?xml version="1.0"?><svg/>')],
    ['plain text', bytes('hello')],
    ['a ZIP', bytes('PK', [3, 4, 20, 0])],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', bytes([0x89], 'PNG')],
    ['a PDF signature not at the start', bytes(' %PDF-1.7')],
  ])('refuses %s', (_what, content) => {
    expect(sniffAttachmentType(content)).toBeNull();
  });
});

describe('sanitiseFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitiseFileName('Screenshot 2026-12-06 at 10.00.png')).toBe('Screenshot 2026-12-06 at 10.00.png');
  });

  it('drops any path and leading dots', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\me\\..\\photo.jpg')).toBe('photo.jpg');
    expect(sanitiseFileName('.htaccess')).toBe('htaccess');
  });

  it('replaces control and quoting characters', () => {
    expect(sanitiseFileName('a"b<c>\r\nd.png')).toBe('a_b_c___d.png');
  });

  it('falls back to "attachment" when nothing is left', () => {
    expect(sanitiseFileName('')).toBe('attachment');
    expect(sanitiseFileName(undefined)).toBe('attachment');
    expect(sanitiseFileName('...')).toBe('attachment');
  });

  it('keeps the last 200 characters, so the extension survives', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
