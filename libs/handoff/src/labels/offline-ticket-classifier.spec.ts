import { classifyOffline } from './offline-ticket-classifier';
import { TopicExample, TopicNaiveBayes } from './topic-naive-bayes';

const TOPICS = ['billing', 'shipping'];

const BILLING = [
  'I was charged twice on my invoice',
  'My card payment failed and the invoice is wrong',
  'Please refund the double charge on my card',
];
const SHIPPING = [
  'My parcel has not arrived, where is the delivery',
  'The courier lost my parcel',
  'Delivery tracking shows no update for the parcel',
];

function examples(billing: readonly string[], shipping: readonly string[]): TopicExample[] {
  return [
    ...billing.map((text) => ({ text, topic: 'billing' })),
    ...shipping.map((text) => ({ text, topic: 'shipping' })),
  ];
}

describe('classifyOffline', () => {
  it('learns the topic from agents’ corrections', () => {
    const labels = classifyOffline(['Why was my card charged twice?'], TOPICS, examples(BILLING, SHIPPING));
    expect(labels.topic).toBe('billing');
    expect(classifyOffline(['The parcel delivery is late'], TOPICS, examples(BILLING, SHIPPING)).topic).toBe(
      'shipping',
    );
  });

  it('abstains without corrections', () => {
    expect(classifyOffline(['Why was my card charged twice?'], TOPICS, []).topic).toBeNull();
  });

  it('abstains while a topic has fewer labelled examples than the minimum', () => {
    const labels = classifyOffline(['Why was my card charged twice?'], TOPICS, examples(BILLING, SHIPPING.slice(0, 2)));
    expect(labels.topic).toBeNull();
  });

  it('abstains when no topic is clearly ahead', () => {
    const labels = classifyOffline(['charged by the courier'], TOPICS, examples(BILLING, SHIPPING));
    expect(labels.topic).toBeNull();
  });

  it('abstains when the text shares no word with the examples', () => {
    expect(classifyOffline(['Hola, buenos días'], TOPICS, examples(BILLING, SHIPPING)).topic).toBeNull();
  });

  it('never answers a topic the workspace no longer lists', () => {
    const labels = classifyOffline(
      ['Why was my card charged twice?'],
      ['shipping', 'returns'],
      examples(BILLING, SHIPPING),
    );
    expect(labels.topic).toBeNull();
  });

  it('labels urgency, sentiment and language by rules', () => {
    expect(
      classifyOffline(['This is terrible, my account is down and I need it fixed immediately!!!'], [], []),
    ).toEqual({
      topic: null,
      urgency: 'high',
      sentiment: 'negative',
      language: 'en',
    });
    expect(classifyOffline(['Hola, ¿dónde está mi pedido? No llegó y es para mi madre'], [], []).language).toBe('es');
  });

  it('leaves every label null without customer text', () => {
    expect(classifyOffline([], TOPICS, examples(BILLING, SHIPPING))).toEqual({
      topic: null,
      urgency: null,
      sentiment: null,
      language: null,
    });
  });
});

describe('TopicNaiveBayes', () => {
  it('trains only the topics with enough examples', () => {
    const model = new TopicNaiveBayes(examples(BILLING, SHIPPING.slice(0, 1)));
    expect(model.trainedTopics()).toEqual(['billing']);
  });

  it('gives a posterior that grows with the evidence', () => {
    const model = new TopicNaiveBayes(examples(BILLING, SHIPPING));
    const weak = model.predict('invoice');
    const strong = model.predict('invoice charged twice card refund');
    expect(strong.probability).toBeGreaterThan(weak.probability);
    expect(strong.topic).toBe('billing');
  });
});
