import { parseModelLabels } from './ticket-classifier';

describe('parseModelLabels', () => {
  it('keeps the values the workspace allows', () => {
    expect(
      parseModelLabels('{"topic":"billing","urgency":"high","sentiment":"negative","language":"de"}', ['billing']),
    ).toEqual({ topic: 'billing', urgency: 'high', sentiment: 'negative', language: 'de' });
  });

  it('turns a topic outside the workspace list and unknown values into null', () => {
    expect(
      parseModelLabels('{"topic":"refunds","urgency":"extreme","sentiment":"meh","language":"german"}', ['billing']),
    ).toEqual({ topic: null, urgency: null, sentiment: null, language: null });
  });

  it('reads JSON in a code fence', () => {
    expect(parseModelLabels('```json\n{"topic":null,"urgency":"low"}\n```', []).urgency).toBe('low');
  });

  it('throws on an answer that is not a JSON object, so the offline classifier takes over', () => {
    expect(() => parseModelLabels('billing', ['billing'])).toThrow();
    expect(() => parseModelLabels('["billing"]', ['billing'])).toThrow('JSON object');
  });
});
