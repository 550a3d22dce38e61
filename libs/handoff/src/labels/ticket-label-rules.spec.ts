import { sentimentOf, urgencyOf } from './ticket-label-rules';

describe('urgencyOf', () => {
  it.each([
    ['I need this fixed urgently', 'high'],
    ['Please reply ASAP', 'high'],
    ['Cancel it immediately', 'high'],
    ['Where is my parcel!!!', 'high'],
    ['The site is down for all our users', 'high'],
    ['The checkout stopped working', 'high'],
  ])('calls "%s" %s', (text, urgency) => {
    expect(urgencyOf(text)).toBe(urgency);
  });

  it('calls a plain question normal', () => {
    expect(urgencyOf('How do I change my delivery address?')).toBe('normal');
  });

  it('calls it low when the customer says there is no rush, even with an urgent-sounding word', () => {
    expect(urgencyOf('No rush, but the export is broken')).toBe('low');
  });

  it('says nothing without text', () => {
    expect(urgencyOf('  ')).toBeNull();
  });
});

describe('sentimentOf', () => {
  it('calls complaints negative', () => {
    expect(sentimentOf('This is terrible, I am really frustrated')).toBe('negative');
  });

  it('calls thanks positive', () => {
    expect(sentimentOf('Thanks, that was really helpful')).toBe('positive');
  });

  it('calls a plain question neutral', () => {
    expect(sentimentOf('What are your opening hours?')).toBe('neutral');
  });

  it('counts repeated exclamation marks as negative', () => {
    expect(sentimentOf('Where is my order!!!')).toBe('negative');
  });

  it('says nothing without words', () => {
    expect(sentimentOf('?!')).toBeNull();
  });
});
