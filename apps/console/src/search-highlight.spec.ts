import { SEARCH_HIGHLIGHT } from '@switchboard/contracts';
import { highlightSegments, searchQuery } from './search-highlight';

const { start, stop } = SEARCH_HIGHLIGHT;

describe('search highlights', () => {
  it('splits a highlight into text and matches', () => {
    expect(highlightSegments(`my ${start}parcel${stop} is ${start}late${stop}`)).toEqual([
      { text: 'my ', match: false },
      { text: 'parcel', match: true },
      { text: ' is ', match: false },
      { text: 'late', match: true },
    ]);
  });

  it('keeps markup as text and drops a stray marker', () => {
    expect(highlightSegments(`<img src=x onerror=alert(1)> ${start}refund${stop}${stop}`)).toEqual([
      { text: '<img src=x onerror=alert(1)> ', match: false },
      { text: 'refund', match: true },
    ]);
    expect(highlightSegments('no match at all')).toEqual([{ text: 'no match at all', match: false }]);
  });
});

describe('the search query string', () => {
  it('sends the words and only the filters set', () => {
    const form = { q: ' kayak ', status: '', channel: 'email', urgency: '', from: '2026-01-01', to: '', page: 1 };
    expect(searchQuery(form)).toBe('q=kayak&channel=email&from=2026-01-01');
    expect(searchQuery({ ...form, page: 3 })).toBe('q=kayak&channel=email&from=2026-01-01&page=3');
  });
});
