import { inflateRawSync } from 'node:zlib';

import { crc32, writeZip } from './zip-writer';

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('writeZip', () => {
  it('writes local headers, deflated data, a central directory and an end record', () => {
    const zip = writeZip([
      { name: 'a.txt', content: 'hello hello hello' },
      { name: 'dir/b.xml', content: '<x/>' },
    ]);

    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    const directoryOffset = zip.readUInt32LE(end + 16);
    expect(zip.readUInt32LE(directoryOffset)).toBe(0x02014b50);

    const nameLength = zip.readUInt16LE(26);
    const compressedSize = zip.readUInt32LE(18);
    const data = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + compressedSize));
    expect(zip.subarray(30, 30 + nameLength).toString()).toBe('a.txt');
    expect(data.toString()).toBe('hello hello hello');
    expect(zip.readUInt32LE(14)).toBe(crc32(data));
  });

  it('is byte-for-byte deterministic', () => {
    const entries = [{ name: 'a.txt', content: 'same' }];
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
  });
});
