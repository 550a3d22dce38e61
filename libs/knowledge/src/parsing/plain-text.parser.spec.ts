import { DocumentParseError } from './document-parse.error';
import { parsePlainText } from './plain-text.parser';

describe('parsePlainText', () => {
  it('returns one section with paragraphs kept and whitespace normalised', async () => {
    const doc = await parsePlainText(
      Buffer.from('Opening hours\n\n\n\nWe are open   9 to 5,\t Monday to Friday.  \r\n\r\n\r\nClosed on holidays.\n'),
    );

    expect(doc).toEqual({
      title: 'Opening hours',
      sections: [{ headingPath: [], text: 'We are open 9 to 5, Monday to Friday.\n\nClosed on holidays.' }],
    });
  });

  it('prefers a provided title and then keeps the first line as text', async () => {
    const doc = await parsePlainText(Buffer.from('Opening hours\nNine to five.'), 'hours.txt', { title: 'Hours' });
    expect(doc).toEqual({ title: 'Hours', sections: [{ headingPath: [], text: 'Opening hours\nNine to five.' }] });
  });

  it('does not take a sentence or a long first line as the title', async () => {
    const sentence = await parsePlainText(Buffer.from('We open at nine.\nAnd close at five.'), 'notes/hours.txt');
    expect(sentence.title).toBe('hours');
    expect(sentence.sections[0].text).toBe('We open at nine.\nAnd close at five.');

    const long = await parsePlainText(Buffer.from(`${'word '.repeat(40)}\nmore`), 'long.txt');
    expect(long.title).toBe('long');
  });

  it('does not take the only line as the title', async () => {
    const doc = await parsePlainText(Buffer.from('Call us on 555 0100'), 'phone.txt');
    expect(doc).toEqual({ title: 'phone', sections: [{ headingPath: [], text: 'Call us on 555 0100' }] });
  });

  it('returns no sections for an empty file', async () => {
    expect(await parsePlainText(Buffer.alloc(0), 'empty.txt')).toEqual({ title: 'empty', sections: [] });
  });

  it('strips control characters and normalises Unicode', async () => {
    const doc = await parsePlainText(Buffer.from('Title\n\u0007Caf\u0065\u0301 \uFB01le\u001B'));
    expect(doc.sections[0].text).toBe('Café file');
  });

  it('decodes UTF-16 with a byte-order mark and honours a declared charset', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\nHéllo wörld', 'utf16le')]);
    expect((await parsePlainText(utf16)).sections[0].text).toBe('Héllo wörld');

    const latin1 = Buffer.from('Title\nCafé crème', 'latin1');
    expect((await parsePlainText(latin1, undefined, { charset: 'ISO-8859-1' })).sections[0].text).toBe('Café crème');
    expect((await parsePlainText(latin1, undefined, { charset: 'no-such-charset' })).sections[0].text).toBe(
      'Caf\uFFFD cr\uFFFDme',
    );
  });

  it('refuses binary data with a DocumentParseError naming the file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    await expect(parsePlainText(png, 'logo.txt')).rejects.toThrow(DocumentParseError);
    await expect(parsePlainText(png, 'logo.txt')).rejects.toThrow('logo.txt: looks like binary data, not text');
  });
});
