import { asWorkspaceId } from '@switchboard/database';
import type { LlmClient, LlmCompletion, LlmRequest } from '@switchboard/llm';
import { TicketClassifier, parseModelLabels } from './ticket-classifier';
import type { TicketLabelCorrectionsRepository } from './ticket-label-corrections.repository';
import type { TopicExample } from './topic-naive-bayes';

const WORKSPACE = asWorkspaceId('6f1c2a4e-0b5d-4c8e-9f3a-2d7b1e6c9a40');
const TOPICS = ['billing', 'shipping'];
const EXAMPLES: TopicExample[] = [
  ...['charged twice on my invoice', 'card payment failed, invoice wrong', 'refund the double charge on my card'].map(
    (text) => ({ text, topic: 'billing' }),
  ),
  ...['parcel has not arrived', 'courier lost my parcel', 'delivery tracking for the parcel'].map((text) => ({
    text,
    topic: 'shipping',
  })),
];

function corrections(examples: TopicExample[] = EXAMPLES): TicketLabelCorrectionsRepository {
  return { topicExamples: () => Promise.resolve(examples) } as unknown as TicketLabelCorrectionsRepository;
}

function model(answer: (request: LlmRequest) => Promise<string>): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    requests,
    complete: async (request) => {
      requests.push(request);
      const text = await answer(request);
      return { text, model: 'small', provider: 'test' } as LlmCompletion;
    },
    stream: () => {
      throw new Error('not used');
    },
  };
}

describe('TicketClassifier', () => {
  it('asks the small-model task classify for JSON, with the topics and the transcript delimited', async () => {
    const llm = model(() =>
      Promise.resolve('{"topic":"shipping","urgency":"low","sentiment":"neutral","language":"en"}'),
    );
    const classified = await new TicketClassifier(corrections(), llm).classify(
      WORKSPACE,
      ['Where is my parcel?'],
      TOPICS,
    );

    expect(classified).toEqual({
      labels: { topic: 'shipping', urgency: 'low', sentiment: 'neutral', language: 'en' },
      source: 'llm',
    });
    const [request] = llm.requests;
    expect(request).toMatchObject({ task: 'classify', responseFormat: 'json', workspaceId: WORKSPACE, temperature: 0 });
    expect(request?.messages[0]?.content).toContain(JSON.stringify(TOPICS));
    expect(request?.messages[1]?.content).toMatch(/^<<<CUSTOMER-MESSAGES-[0-9a-f]+>>>\nWhere is my parcel\?\n<<<END-/);
  });

  it('falls back to the rules and the workspace’s naive Bayes when the model fails', async () => {
    const llm = model(() => Promise.reject(new Error('timeout')));
    const classified = await new TicketClassifier(corrections(), llm).classify(
      WORKSPACE,
      ['The courier lost my parcel!!!'],
      TOPICS,
    );
    expect(classified).toEqual({
      labels: { topic: 'shipping', urgency: 'high', sentiment: 'negative', language: 'en' },
      source: 'rules',
    });
  });

  it('classifies offline without a model, and asks nothing of a model for a ticket without customer text', async () => {
    const offline = await new TicketClassifier(corrections()).classify(WORKSPACE, ['charged twice on my card'], TOPICS);
    expect(offline).toMatchObject({ labels: { topic: 'billing' }, source: 'rules' });

    const llm = model(() => Promise.resolve('{}'));
    const empty = await new TicketClassifier(corrections(), llm).classify(WORKSPACE, ['  '], TOPICS);
    expect(empty).toEqual({
      labels: { topic: null, urgency: null, sentiment: null, language: null },
      source: 'rules',
    });
    expect(llm.requests).toEqual([]);
  });
});

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
