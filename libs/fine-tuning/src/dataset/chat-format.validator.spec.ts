import { chatLineProblems, validateChatJsonl } from './chat-format.validator';

const line = (messages: unknown[]): string => JSON.stringify({ messages });
const valid = [
  { role: 'system', content: 'Be nice.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!', weight: 0 },
  { role: 'user', content: 'Thanks' },
  { role: 'assistant', content: 'You are welcome.' },
];

describe('chatLineProblems', () => {
  it('accepts a system prompt, alternating turns and weighted assistant messages', () => {
    expect(chatLineProblems(line(valid))).toEqual([]);
  });

  it('refuses lines that are not JSON objects with messages', () => {
    expect(chatLineProblems('{oops')).toEqual(['the line is not JSON']);
    expect(chatLineProblems('[]')).toEqual(['the line is not a JSON object']);
    expect(chatLineProblems('{"messages": []}')).toEqual(['messages must be a non-empty array']);
    expect(chatLineProblems(JSON.stringify({ messages: valid, extra: 1 }))).toEqual([
      'unknown key "extra" (only "messages" is used)',
    ]);
  });

  it('refuses unknown roles, empty content, unknown keys and bad weights', () => {
    expect(
      chatLineProblems(
        line([
          { role: 'tool', content: 'x' },
          { role: 'user', content: '  ' },
          { role: 'user', content: 'x', weight: 1 },
          { role: 'assistant', content: 'x', weight: 2, mood: 'happy' },
        ]),
      ),
    ).toEqual([
      'messages[0].role must be system, user or assistant',
      'messages[1].content must be a non-empty string',
      'messages[2].weight is only allowed on assistant messages',
      'messages[3] has an unknown key "mood"',
      'messages[3].weight must be 0 or 1',
    ]);
  });

  it('requires the user first, the assistant last, the system prompt only first and a trained reply', () => {
    expect(chatLineProblems(line([{ role: 'user', content: 'Hi' }]))).toEqual([
      'the last message must be from the assistant',
      'no assistant message is trained on (every one has weight 0)',
    ]);
    expect(
      chatLineProblems(
        line([
          { role: 'assistant', content: 'Hi', weight: 0 },
          { role: 'system', content: 'late' },
          { role: 'assistant', content: 'Hello', weight: 0 },
        ]),
      ),
    ).toEqual([
      'messages[1]: a system message may only come first',
      'the first message after the system prompt must be from the user',
      'no assistant message is trained on (every one has weight 0)',
    ]);
  });
});

describe('validateChatJsonl', () => {
  it('reports each bad line by its 1-based number and passes a valid file', () => {
    expect(validateChatJsonl(`${line(valid)}\n${line(valid)}\n`)).toEqual([]);
    expect(validateChatJsonl(`${line(valid)}\nnope\n`)).toEqual([{ line: 2, problems: ['the line is not JSON'] }]);
    expect(validateChatJsonl('')).toEqual([{ line: 1, problems: ['the file is empty'] }]);
  });
});
