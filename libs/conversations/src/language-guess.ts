/** Short function words that tell these languages apart in a sentence or two of a support chat. */
const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['the', 'and', 'is', 'my', 'you', 'to', 'it', 'what', 'how', 'can', 'i', 'of', 'for', 'not', 'with', 'where'],
  es: ['el', 'la', 'de', 'que', 'y', 'mi', 'es', 'no', 'por', 'para', 'con', 'una', 'cómo', 'dónde', 'pedido', 'hola'],
  fr: ['le', 'la', 'de', 'et', 'est', 'mon', 'ma', 'je', 'pas', 'pour', 'avec', 'une', 'où', 'comment', 'bonjour'],
  de: ['der', 'die', 'das', 'und', 'ist', 'mein', 'ich', 'nicht', 'mit', 'für', 'eine', 'wo', 'wie', 'bestellung'],
  pt: ['o', 'a', 'de', 'que', 'e', 'meu', 'minha', 'não', 'para', 'com', 'uma', 'onde', 'como', 'olá', 'pedido'],
  it: ['il', 'la', 'di', 'che', 'e', 'mio', 'mia', 'non', 'per', 'con', 'una', 'dove', 'come', 'ciao', 'ordine'],
  nl: ['de', 'het', 'en', 'is', 'mijn', 'ik', 'niet', 'voor', 'met', 'een', 'waar', 'hoe', 'bestelling'],
};

const MIN_HITS = 2;

/**
 * The language the customer writes in, from function words: an ISO 639-1 code, or null when the text is too short
 * or too mixed to say (the caller then asks the agent rather than guessing).
 */
export function guessLanguage(texts: readonly string[]): string | null {
  const words =
    texts
      .join(' ')
      .toLowerCase()
      .match(/[\p{L}']+/gu) ?? [];
  const scores = Object.entries(STOPWORDS).map(([language, list]) => {
    const set = new Set(list);
    return { language, hits: words.filter((word) => set.has(word)).length };
  });
  scores.sort((x, y) => y.hits - x.hits);
  const [best, second] = scores;
  if (!best || best.hits < MIN_HITS) return null;
  return best.hits >= (second?.hits ?? 0) * 1.5 ? best.language : null;
}
