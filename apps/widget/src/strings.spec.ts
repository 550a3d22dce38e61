import {
  chooseLocale,
  DE,
  dictionaryFor,
  EN,
  formatString,
  FR,
  overridesFor,
  resolveStrings,
  statusTextFor,
} from './strings';

describe('chooseLocale', () => {
  it('prefers host settings, then the script attribute, then the inbox, then the browser', () => {
    expect(chooseLocale({ settings: 'fr', attribute: 'de', inbox: 'en', browser: 'it' })).toBe('fr');
    expect(chooseLocale({ settings: null, attribute: 'de', inbox: 'en', browser: 'it' })).toBe('de');
    expect(chooseLocale({ settings: ' ', attribute: undefined, inbox: 'fr-CA', browser: 'it' })).toBe('fr-CA');
    expect(chooseLocale({ browser: 'de-AT' })).toBe('de-AT');
    expect(chooseLocale({})).toBe('en');
  });
});

describe('dictionaryFor', () => {
  it('matches the exact tag or its language, case- and separator-insensitively', () => {
    expect(dictionaryFor('de')).toBe(DE);
    expect(dictionaryFor('de-CH')).toBe(DE);
    expect(dictionaryFor('FR_be')).toBe(FR);
  });

  it('falls back to English for languages without a dictionary', () => {
    expect(dictionaryFor('ja-JP')).toBe(EN);
    expect(dictionaryFor('')).toBe(EN);
  });

  it('translates every key into every language', () => {
    for (const dictionary of [DE, FR]) {
      expect(Object.keys(dictionary).sort()).toEqual(Object.keys(EN).sort());
      for (const value of Object.values(dictionary)) expect(value.trim()).not.toBe('');
    }
  });
});

describe('overridesFor', () => {
  it('keeps only known keys with non-empty string values', () => {
    expect(overridesFor({ send: 'Go', bogus: 'x', talkToHuman: 3, sources: '' }, 'en')).toEqual({ send: 'Go' });
    expect(overridesFor(null, 'en')).toEqual({});
    expect(overridesFor('send', 'en')).toEqual({});
  });

  it('applies per-locale blocks over flat keys, region over language', () => {
    const source = { send: 'Go', de: { send: 'Los', sources: 'Belege' }, 'de-at': { sources: 'Nachweise' } };
    expect(overridesFor(source, 'de-AT')).toEqual({ send: 'Los', sources: 'Nachweise' });
    expect(overridesFor(source, 'fr')).toEqual({ send: 'Go' });
  });
});

describe('resolveStrings', () => {
  it('starts from the locale dictionary and lets later sources win per key', () => {
    const strings = resolveStrings(
      'de',
      { send: 'Abschicken', sources: 'Inbox-Quellen' },
      { sources: 'Seiten-Quellen' },
    );
    expect(strings.send).toBe('Abschicken');
    expect(strings.sources).toBe('Seiten-Quellen');
    expect(strings.talkToHuman).toBe(DE.talkToHuman);
  });

  it('does not modify the shared dictionaries', () => {
    resolveStrings('en', { send: 'Changed' });
    expect(EN.send).toBe('Send');
  });
});

describe('formatString', () => {
  it('fills known placeholders and leaves unknown ones', () => {
    expect(formatString('{count} / {max}', { count: 1900, max: 2000 })).toBe('1900 / 2000');
    expect(formatString('Hi {name}, {other}', { name: 'Ann' })).toBe('Hi Ann, {other}');
  });
});

describe('statusTextFor', () => {
  it('follows the owner: an agent who joined, one on the way, or whether anyone is online', () => {
    expect(statusTextFor(EN, false, 'agent')).toBe(EN.statusAgent);
    expect(statusTextFor(EN, true, 'queued')).toBe(EN.statusQueued);
    expect(statusTextFor(EN, false, 'queued')).toBe(EN.statusAway);
    expect(statusTextFor(EN, true, 'bot')).toBe(EN.statusOnline);
    expect(statusTextFor(EN, false, 'bot')).toBe(EN.statusAway);
    expect(statusTextFor(EN, false, 'resolved')).toBe(EN.statusAway);
  });
});
