import { createHash } from 'node:crypto';

import type { ParsedDocument } from '../parsing/parsed-document';
import { buildEmbedText, chunkDocument } from './chunker';
import { splitSentences } from './sentence-splitter';

// A small deterministic generator, so "random" documents are the same on every run.
function randomText(seed: number, sentences: number): string {
  let state = seed;
  const next = (max: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % max;
  };
  const words = ['refund', 'order', 'ship', 'the', 'customer', 'within', 'days', 'label', 'e.g.', 'v1.5', 'Dr.'];
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const length = 3 + next(40);
    const sentence = Array.from({ length }, () => words[next(words.length)]).join(' ');
    out.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
    if (next(5) === 0) out.push('\n\n');
    if (next(9) === 0) out.push(`\n- list item ${s}\n`);
  }
  return out.join(' ');
}

const doc = (sections: ParsedDocument['sections'], title = 'Help Centre'): ParsedDocument => ({ title, sections });

describe('chunkDocument', () => {
  it('gives a short section one chunk with the title and heading path in embedText', () => {
    const chunks = chunkDocument(doc([{ headingPath: ['Billing', 'Refunds'], text: 'Refunds take 5 days.' }]));

    expect(chunks).toEqual([
      {
        position: 0,
        headingPath: ['Billing', 'Refunds'],
        text: 'Refunds take 5 days.',
        embedText: 'Help Centre\nBilling > Refunds\n\nRefunds take 5 days.',
        contentHash: createHash('sha256')
          .update('Help Centre\nBilling > Refunds\n\nRefunds take 5 days.')
          .digest('hex'),
      },
    ]);
  });

  it('never mixes sections, even tiny ones, and numbers chunks in document order', () => {
    const chunks = chunkDocument(
      doc([
        { headingPath: ['A'], text: 'Tiny.' },
        { headingPath: ['A', 'B'], text: 'Also tiny.' },
        { headingPath: ['C'], text: randomText(1, 60) },
      ]),
      { maxChars: 300 },
    );

    expect(chunks.slice(0, 2).map((c) => [c.headingPath, c.text])).toEqual([
      [['A'], 'Tiny.'],
      [['A', 'B'], 'Also tiny.'],
    ]);
    expect(chunks.slice(2).every((c) => c.headingPath.join('/') === 'C')).toBe(true);
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, index) => index));
  });

  it.each([
    [120, 0],
    [300, 1],
    [500, 2],
    [1200, 1],
  ])('never exceeds maxChars=%i (overlap %i) and loses no sentence', (maxChars, overlapSentences) => {
    const sections = [1, 2, 3, 4].map((seed) => ({ headingPath: [`S${seed}`], text: randomText(seed, 80) }));
    const chunks = chunkDocument(doc(sections), { maxChars, overlapSentences, minChars: 50 });

    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(maxChars);
    for (const section of sections) {
      const texts = chunks.filter((c) => c.headingPath[0] === section.headingPath[0]).map((c) => c.text);
      const words = (text: string) => text.split(/\s+/).filter(Boolean);
      const covered = new Set(texts.flatMap(words));
      expect(words(section.text).every((word) => covered.has(word))).toBe(true);
    }
  });

  it('repeats the last sentence of a chunk at the start of the next chunk of the same section only', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is about shipping.`);
    const chunks = chunkDocument(
      doc([
        { headingPath: ['One'], text: sentences.join(' ') },
        { headingPath: ['Two'], text: 'Other section.' },
      ]),
      { maxChars: 120, overlapSentences: 1, minChars: 0 },
    );
    const first = chunks.filter((c) => c.headingPath[0] === 'One');

    expect(first.length).toBeGreaterThan(2);
    for (let i = 1; i < first.length; i++) {
      const previous = splitSentences(first[i - 1].text);
      expect(splitSentences(first[i].text)[0]).toBe(previous[previous.length - 1]);
    }
    expect(chunks[chunks.length - 1].text).toBe('Other section.');
  });

  it('does not overlap when overlapSentences is 0', () => {
    const text = Array.from({ length: 10 }, (_, i) => `This is sentence ${i}.`).join(' ');
    const chunks = chunkDocument(doc([{ headingPath: [], text }]), { maxChars: 60, overlapSentences: 0, minChars: 0 });
    expect(chunks.map((c) => c.text).join(' ')).toBe(text);
  });

  it('hard-splits an over-long sentence on word boundaries and keeps an unsplittable word whole', () => {
    const longSentence = `${Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')}.`;
    const hugeWord = 'x'.repeat(150);
    const chunks = chunkDocument(doc([{ headingPath: [], text: `${longSentence} ${hugeWord} End.` }]), {
      maxChars: 100,
      overlapSentences: 0,
      minChars: 0,
    });

    expect(chunks.map((c) => c.text).join(' ')).toBe(`${longSentence} ${hugeWord} End.`);
    for (const chunk of chunks) {
      if (chunk.text.includes(hugeWord)) expect(chunk.text).toBe(hugeWord);
      else expect(chunk.text.length).toBeLessThanOrEqual(100);
    }
    expect(chunks.every((c) => c.text.split(' ').every((w) => /^(word\d+\.?|x+|End\.)$/.test(w)))).toBe(true);
  });

  it('rebalances a short last chunk with sentences from the chunk before it', () => {
    // Four 38-character sentences fill a 155-character chunk exactly, so "Bye." is left on its own.
    const text = [...Array.from({ length: 8 }, (_, i) => `Sentence ${i} says something useful here.`), 'Bye.'].join(
      ' ',
    );
    const options = { maxChars: 155, overlapSentences: 0 };
    const unbalanced = chunkDocument(doc([{ headingPath: [], text }]), { ...options, minChars: 0 });
    const balanced = chunkDocument(doc([{ headingPath: [], text }]), { ...options, minChars: 60 });

    expect(unbalanced.map((c) => c.text.length)).toEqual([155, 155, 4]);
    expect(balanced.map((c) => c.text.length)).toEqual([155, 77, 82]);
    expect(balanced.map((c) => c.text).join(' ')).toBe(text);
  });

  it('keeps the overlap after rebalancing', () => {
    const text = [...Array.from({ length: 8 }, (_, i) => `Sentence ${i} says something useful here.`), 'Bye.'].join(
      ' ',
    );
    const chunks = chunkDocument(doc([{ headingPath: [], text }]), {
      maxChars: 155,
      overlapSentences: 1,
      minChars: 100,
    });

    expect(chunks.map((c) => splitSentences(c.text).map((s) => s.split(' ')[1] ?? s))).toEqual([
      ['0', '1', '2', '3'],
      ['3', '4', '5'],
      ['5', '6', '7', 'Bye.'],
    ]);
  });

  it('keeps paragraph and list-item line breaks inside a chunk', () => {
    const chunks = chunkDocument(doc([{ headingPath: [], text: 'Steps:\n- one\n- two\n\nDone. Really.' }]));
    expect(chunks[0].text).toBe('Steps:\n- one\n- two\n\nDone. Really.');
  });

  it('is deterministic', () => {
    const input = doc([
      { headingPath: ['A'], text: randomText(7, 50) },
      { headingPath: ['A', 'B'], text: randomText(8, 50) },
    ]);
    const first = chunkDocument(input, { maxChars: 400 });
    const second = chunkDocument(structuredClone(input), { maxChars: 400 });

    expect(second).toEqual(first);
    expect(first.every((c) => c.contentHash === createHash('sha256').update(c.embedText).digest('hex'))).toBe(true);
  });

  it('uses the defaults maxChars 1200, one sentence of overlap', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence ${i} is exactly about refunds.`).join(' ');
    const chunks = chunkDocument(doc([{ headingPath: [], text }]));

    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(1200);
    expect(chunks[1].text.startsWith(splitSentences(chunks[0].text).pop() ?? '?')).toBe(true);
  });

  it('rejects invalid options', () => {
    const input = doc([{ headingPath: [], text: 'x' }]);
    expect(() => chunkDocument(input, { maxChars: 0 })).toThrow(RangeError);
    expect(() => chunkDocument(input, { overlapSentences: -1 })).toThrow(RangeError);
    expect(() => chunkDocument(input, { overlapSentences: 1.5 })).toThrow(RangeError);
  });

  it('returns no chunks for a document without sections', () => {
    expect(chunkDocument(doc([]))).toEqual([]);
  });
});

describe('buildEmbedText', () => {
  it('skips empty parts and a top heading that repeats the title', () => {
    expect(buildEmbedText('Guide', ['Guide', 'Install'], 'Run it.')).toBe('Guide\nInstall\n\nRun it.');
    expect(buildEmbedText('Guide', ['Guide'], 'Run it.')).toBe('Guide\n\nRun it.');
    expect(buildEmbedText('Guide', [], 'Run it.')).toBe('Guide\n\nRun it.');
    expect(buildEmbedText('', ['A', 'B'], 'Run it.')).toBe('A > B\n\nRun it.');
    expect(buildEmbedText('', [], 'Run it.')).toBe('Run it.');
  });
});
