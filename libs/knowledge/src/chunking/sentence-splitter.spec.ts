import { segmentText, splitSentences } from './sentence-splitter';

describe('splitSentences', () => {
  it('splits on sentence punctuation followed by whitespace', () => {
    expect(splitSentences('We ship daily. Returns are free! Need help? Call us.')).toEqual([
      'We ship daily.',
      'Returns are free!',
      'Need help?',
      'Call us.',
    ]);
  });

  it.each([
    ['e.g. and i.e.', 'Use a channel, e.g. Slack or email. It works, i.e. Most of the time.', 2],
    ['U.S. and Ph.D.', 'We ship within the U.S. Army bases too. Dr. Lee has a Ph.D. From Oxford.', 2],
    ['titles', 'Mr. Smith met Mrs. Jones and Prof. Brown. They talked.', 2],
    ['initials', 'The book is by J. R. R. Tolkien. It is long.', 2],
    ['numbered references', 'See Fig. 3 and No. 5 in vol. 2 of the report. Then reply.', 2],
    ['decimals and prices', 'Version 1.5 costs $2.50 per seat. Version 2.0 is free.', 2],
    ['URLs and file names', 'Visit https://example.com/a.b?c=d.e and open report.pdf now. Done.', 2],
    ['a URL ending a sentence', 'Our docs live at https://docs.example.com. They are public.', 2],
    ['lower-case continuation', 'Call us at 9 a.m. on weekdays. Or write.', 2],
    ['ellipsis', 'Wait... what happened? Nothing… Really.', 3],
    ['closing quotes and brackets', 'He said "Stop." Then left. (It was late.) We stayed.', 4],
    ['CJK full stops', '我们每天发货。退货免费！有问题吗？', 3],
  ])('handles %s', (_case, text, count) => {
    const sentences = splitSentences(text);
    expect(sentences).toHaveLength(count);
    expect(sentences.join(' ').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('keeps abbreviations inside their sentence', () => {
    expect(splitSentences('Use a channel, e.g. Slack. Dr. Lee agrees.')).toEqual([
      'Use a channel, e.g. Slack.',
      'Dr. Lee agrees.',
    ]);
  });

  it('joins hard-wrapped lines of a paragraph', () => {
    expect(splitSentences('Orders placed before noon\nship the same day. Later orders\nship tomorrow.')).toEqual([
      'Orders placed before noon ship the same day.',
      'Later orders ship tomorrow.',
    ]);
  });

  it('makes each list item its own unit, with wrapped continuation lines', () => {
    expect(
      splitSentences('You need:\n- a laptop. Any model.\n- a phone\n  with a camera\n1. Sign up\n2) Verify • ok'),
    ).toEqual(['You need:', '- a laptop. Any model.', '- a phone with a camera', '1. Sign up', '2) Verify • ok']);
  });

  it('makes each table row its own unit, never split at a full stop nor joined to the next line', () => {
    expect(
      splitSentences(
        'Prices:\nModel | Monthly plan\nMetro | $59. Tax extra.\n| Haul | $99 |\nThe annual plan is cheaper.',
      ),
    ).toEqual([
      'Prices:',
      'Model | Monthly plan',
      'Metro | $59. Tax extra.',
      '| Haul | $99 |',
      'The annual plan is cheaper.',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences(' \n\n \t')).toEqual([]);
  });
});

describe('segmentText', () => {
  it('records how each segment attaches to the previous one', () => {
    expect(segmentText('One. Two.\n- item\n\nThree.')).toEqual([
      { text: 'One.', break: 'paragraph' },
      { text: 'Two.', break: 'space' },
      { text: '- item', break: 'line' },
      { text: 'Three.', break: 'paragraph' },
    ]);
  });
});
