import type { ConsoleMessage } from '@switchboard/contracts';
import { insertMessage } from './transcript';

function message(id: string, createdAt: string): ConsoleMessage {
  return {
    id,
    author: 'contact',
    content: id,
    createdAt,
    clientMessageId: null,
    agentName: null,
    kind: 'message',
    citations: [],
    confidence: null,
    collectEmail: false,
    private: false,
    agentId: null,
    metadata: {},
    replyTo: null,
    confirmation: null,
    ratingRequest: false,
  };
}

describe('insertMessage', () => {
  const a = message('a', '2024-05-10T10:00:00Z');
  const c = message('c', '2024-05-10T10:02:00Z');

  it('appends a newer message', () => {
    const d = message('d', '2024-05-10T10:03:00Z');
    expect(insertMessage([a, c], d)).toEqual({ messages: [a, c, d], index: 2 });
  });

  it('places a late-arriving older message in time order', () => {
    const b = message('b', '2024-05-10T10:01:00Z');
    expect(insertMessage([a, c], b)).toEqual({ messages: [a, b, c], index: 1 });
  });

  it('keeps arrival order for messages with the same time', () => {
    const same = message('same', '2024-05-10T10:02:00Z');
    expect(insertMessage([a, c], same).index).toBe(2);
  });

  it('ignores a message it already has, so a sent reply and its event show once', () => {
    expect(insertMessage([a, c], { ...c })).toEqual({ messages: [a, c], index: -1 });
  });
});
