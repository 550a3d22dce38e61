import { REWRITE_STYLES } from '@switchboard/contracts';
import { assistErrorText, citationLabel, filteredNote, rewriteStyleLabel, suggestionMeta } from './assist';
import { ApiError } from './console-api';

const apiError = (status: number, code: string | null, message: string) =>
  new ApiError(status, message, code, null, null);

describe('assist labels', () => {
  it('names every rewrite style the way the composer shows it', () => {
    expect(REWRITE_STYLES.map(rewriteStyleLabel)).toEqual([
      'Shorter',
      'Friendlier',
      'More formal',
      'Fix grammar',
      "Translate to customer's language",
    ]);
  });

  it("describes a suggestion's confidence and its author", () => {
    expect(suggestionMeta({ confidence: 0.724, model: 'gpt-4o-mini' })).toBe('confidence 0.72 · gpt-4o-mini');
    expect(suggestionMeta({ confidence: 0.5, model: 'extractive' })).toBe(
      'confidence 0.50 · from the knowledge base, no model',
    );
  });

  it('numbers a citation like the draft does, and names an untitled one', () => {
    expect(citationLabel({ index: 2, title: 'Returns policy', url: null })).toBe('[2] Returns policy');
    expect(citationLabel({ index: 1, title: '  ', url: 'https://help.example/a' })).toBe('[1] Untitled');
  });

  it('says what the output filter removed, once per kind, and nothing when it removed nothing', () => {
    expect(filteredNote([])).toBeNull();
    expect(filteredNote(['removed_link', 'redacted_phone', 'removed_link'])).toBe(
      'Removed because the conversation does not contain it: a link, a phone number.',
    );
    expect(filteredNote(['something_new'])).toBe(
      'Removed because the conversation does not contain it: something new.',
    );
  });
});

describe('assistErrorText', () => {
  it('explains the assist errors the server names by code', () => {
    expect(assistErrorText('suggest', apiError(409, 'nothing_to_suggest', 'x'))).toBe(
      'The customer has not written anything to reply to yet.',
    );
    expect(assistErrorText('rewrite', apiError(422, 'language_unknown', 'x'))).toBe(
      "Couldn't tell the customer's language from the conversation.",
    );
    expect(assistErrorText('rewrite', apiError(409, 'assist_unavailable', 'Rewriting needs a language model.'))).toBe(
      'Rewriting needs a language model.',
    );
  });

  it('names the assist that failed otherwise', () => {
    expect(assistErrorText('summary', apiError(500, null, 'Internal server error'))).toBe(
      "Couldn't summarise: Internal server error",
    );
    expect(assistErrorText('suggest', new Error('boom'))).toBe('Something went wrong. Try again.');
  });
});
