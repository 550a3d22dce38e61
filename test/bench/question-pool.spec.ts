import { REPEATED_QUESTIONS, distinctQuestions, questionsPerConversation } from './question-pool';

describe('the widget benchmark questions', () => {
  it('draws a large pool of distinct dev questions over the doc2dial documents', () => {
    const pool = distinctQuestions();
    expect(pool.length).toBeGreaterThan(800);
    expect(new Set(pool).size).toBe(pool.length);
  });

  it('asks every message of a run a different question by default', () => {
    const asked = questionsPerConversation({ concurrency: 200, messagesPerConversation: 3, repeat: false }).flat();
    expect(asked).toHaveLength(600);
    expect(new Set(asked).size).toBe(600);
  });

  it('refuses a run that needs more distinct questions than the pool holds, naming --repeat', () => {
    const pool = ['a?', 'b?', 'c?'];
    expect(() => questionsPerConversation({ concurrency: 2, messagesPerConversation: 2, repeat: false }, pool)).toThrow(
      /4 distinct questions; the pool has 3.*--repeat/,
    );
  });

  it('cycles a few questions with --repeat, the cached case', () => {
    const asked = questionsPerConversation({ concurrency: 50, messagesPerConversation: 2, repeat: true }).flat();
    expect(asked).toHaveLength(100);
    expect(new Set(asked).size).toBe(REPEATED_QUESTIONS);
  });
});
