import type { ChatExample } from './chat-example';
import { removeDuplicates, splitByConversation, toJsonl } from './dataset-split';

function example(conversationId: string, question = `question of ${conversationId}`): ChatExample {
  return {
    conversationId,
    messages: [
      { role: 'system', content: 'system' },
      { role: 'user', content: question },
      { role: 'assistant', content: 'an answer' },
    ],
    replies: { agent: 1, botHelpful: 0, botAccepted: 0 },
    citesDocuments: false,
  };
}

const ids = Array.from({ length: 20 }, (_, i) => `conversation-${i}`);

describe('splitByConversation', () => {
  it('puts every example of a conversation on one side', () => {
    const examples = ids.flatMap((id) => [example(id, 'first'), example(id, 'second')]);
    const { train, validation } = splitByConversation(examples, 7);
    const trainIds = new Set(train.map((e) => e.conversationId));
    const validationIds = new Set(validation.map((e) => e.conversationId));
    expect([...trainIds].filter((id) => validationIds.has(id))).toEqual([]);
    expect(train.length + validation.length).toBe(examples.length);
    expect(validationIds.size).toBe(4);
  });

  it('is deterministic for a seed, whatever the input order, and changes with the seed', () => {
    const examples = ids.map((id) => example(id));
    const once = splitByConversation(examples, 42).validation.map((e) => e.conversationId);
    const shuffled = splitByConversation([...examples].reverse(), 42).validation.map((e) => e.conversationId);
    expect(shuffled.sort()).toEqual([...once].sort());
    expect(splitByConversation(examples, 42).validation.map((e) => e.conversationId)).toEqual(once);
    const other = splitByConversation(examples, 43).validation.map((e) => e.conversationId);
    expect(other.sort()).not.toEqual([...once].sort());
  });

  it('keeps one conversation whole in train, and gives validation at least one of two', () => {
    expect(splitByConversation([example('a')]).validation).toEqual([]);
    expect(splitByConversation([example('a'), example('b')]).validation).toHaveLength(1);
  });
});

describe('removeDuplicates', () => {
  it('drops examples whose turns repeat an earlier one, ignoring case and spacing', () => {
    const { kept, removed } = removeDuplicates([
      example('a', 'Where is my order?'),
      example('b', 'where is  my ORDER?'),
      example('c', 'Can I return shoes?'),
    ]);
    expect(kept.map((e) => e.conversationId)).toEqual(['a', 'c']);
    expect(removed).toBe(1);
  });
});

describe('toJsonl', () => {
  it('writes one {"messages": [...]} object per line', () => {
    const lines = toJsonl([example('a'), example('b')])
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(['messages']);
  });
});
