import { answerSentences, tableCells, tableSentences } from './answer-sentences';

// As the Markdown parser stores a table: one line per row, no outer pipes, no delimiter row.
const PRICES = [
  'Model | What it is | Monthly plan',
  'Northwind Metro | City commuter | $59',
  'Northwind Haul | Cargo bike | $99',
];

describe('tableCells', () => {
  it('splits a row with or without outer pipes', () => {
    expect(tableCells('a | b | c')).toEqual(['a', 'b', 'c']);
    expect(tableCells('| a | b |')).toEqual(['a', 'b']);
  });

  it('is null for a line without cells', () => {
    expect(tableCells('Plain text.')).toBeNull();
    expect(tableCells('| lonely |')).toBeNull();
  });
});

describe('tableSentences', () => {
  it('turns each row after the header into a sentence that names its values by their column', () => {
    expect(tableSentences(PRICES.map((row) => row.split(' | ')))).toEqual([
      'Northwind Metro — What it is: City commuter; Monthly plan: $59.',
      'Northwind Haul — What it is: Cargo bike; Monthly plan: $99.',
    ]);
  });

  it('leaves out empty cells and dashes rather than naming a column with no value', () => {
    expect(
      tableSentences([
        ['Item', 'Price', 'Note'],
        ['Basket', '$5', '-'],
        ['Lock', '', ''],
      ]),
    ).toEqual(['Basket — Price: $5.', 'Lock.']);
  });

  it('does not add a full stop after a row that already ends a sentence', () => {
    expect(
      tableSentences([
        ['Q', 'A'],
        ['Can I pause?', 'Yes, twice a year.'],
      ]),
    ).toEqual(['Can I pause? — A: Yes, twice a year.']);
  });
});

describe('answerSentences', () => {
  it('keeps prose sentences as they are and expands the table between them', () => {
    const text = ['Prices are in US dollars. Tax is extra.', ...PRICES, '', 'The annual plan is 15% cheaper.'].join(
      '\n',
    );
    expect(answerSentences(text)).toEqual([
      'Prices are in US dollars.',
      'Tax is extra.',
      'Northwind Metro — What it is: City commuter; Monthly plan: $59.',
      'Northwind Haul — What it is: Cargo bike; Monthly plan: $99.',
      'The annual plan is 15% cheaper.',
    ]);
  });

  it('reads a raw Markdown table with outer pipes and a delimiter row the same way', () => {
    const raw = ['| Model | Monthly plan |', '| --- | ---: |', '| Northwind Haul | $99 |'].join('\n');
    expect(answerSentences(raw)).toEqual(['Northwind Haul — Monthly plan: $99.']);
  });

  it('never returns a pipe-separated row', () => {
    expect(answerSentences(PRICES.join('\n')).some((sentence) => sentence.includes('|'))).toBe(false);
  });

  it('keeps a lone line with a pipe, a title or breadcrumb rather than a table, as it is', () => {
    expect(answerSentences('Benefits Planner | How You Apply\nApply online.')).toEqual([
      'Benefits Planner | How You Apply',
      'Apply online.',
    ]);
  });
});
