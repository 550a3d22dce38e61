import type { ConversationTranscript } from '@switchboard/conversations';
import { buildChatExample } from './chat-example';
import { chatLineProblems } from './chat-format.validator';
import { Redactor } from './redaction';

type Message = ConversationTranscript['messages'][number];
let clock = 0;

function message(partial: Partial<Message>): Message {
  return {
    id: `m${++clock}`,
    direction: 'incoming',
    author: 'contact',
    content: '',
    private: false,
    kind: 'message',
    feedback: null,
    metadata: {},
    createdAt: new Date(clock * 1000),
    ...partial,
  };
}
const customer = (content: string) => message({ content });
const bot = (content: string, extra: Partial<Message> = {}) =>
  message({ content, author: 'bot', direction: 'outgoing', kind: 'answer', ...extra });
const agent = (content: string, extra: Partial<Message> = {}) =>
  message({ content, author: 'agent', direction: 'outgoing', ...extra });
const resolved = () =>
  message({ author: 'system', direction: 'activity', kind: 'activity', metadata: { resolution: 'resolved' } });
const handoff = () => message({ author: 'bot', direction: 'outgoing', kind: 'handoff', content: 'Passing you on' });

function transcript(messages: Message[]): ConversationTranscript {
  return {
    conversationId: 'c1',
    contact: { id: 'k1', name: 'Ada Byron', email: null, externalId: null, attributes: {}, erasureRequestedAt: null },
    messages,
  };
}

function build(messages: Message[]) {
  return buildChatExample(
    transcript(messages),
    'SYSTEM',
    new Redactor({ name: 'Ada Byron', email: null, attributes: {} }),
  );
}

describe('buildChatExample', () => {
  it('trains on agent replies and on bot answers rated helpful, without their citation marks', () => {
    const example = build([
      customer('Can I return shoes?'),
      bot('Yes, within 30 days [1].', { feedback: 'up', metadata: { citations: [{ index: 1 }] } as never }),
      customer('And my order, Ada Byron here?'),
      handoff(),
      agent('It left our warehouse today, Ada.'),
    ]);
    expect(example?.messages).toEqual([
      { role: 'system', content: 'SYSTEM' },
      { role: 'user', content: 'Can I return shoes?' },
      { role: 'assistant', content: 'Yes, within 30 days.' },
      { role: 'user', content: 'And my order, [name] here?' },
      { role: 'assistant', content: 'It left our warehouse today, [name].' },
    ]);
    expect(example?.replies).toEqual({ agent: 1, botHelpful: 1, botAccepted: 0 });
    expect(example?.citesDocuments).toBe(true);
    expect(chatLineProblems(JSON.stringify({ messages: example?.messages }))).toEqual([]);
  });

  it('counts a bot answer as accepted when an agent resolved the ticket without writing after it', () => {
    const example = build([customer('Do you ship to Norway?'), bot('Yes, in 3 days.'), handoff(), resolved()]);
    expect(example?.replies).toEqual({ agent: 0, botHelpful: 0, botAccepted: 1 });
  });

  it('keeps an unrated or rated-down bot answer only as context, and drops one an agent replaced', () => {
    const example = build([
      customer('Where is my bike?'),
      bot('No idea.', { feedback: 'down' }),
      customer('Please check.'),
      bot('Still no idea.'),
      agent('It arrives Friday.'),
      agent('Sorry for the wait.', { private: true }),
    ]);
    expect(example?.messages.slice(1)).toEqual([
      { role: 'user', content: 'Where is my bike?' },
      { role: 'assistant', content: 'No idea.', weight: 0 },
      { role: 'user', content: 'Please check.' },
      { role: 'assistant', content: 'It arrives Friday.' },
    ]);
  });

  it('gives nothing for a conversation with no reply worth learning from', () => {
    expect(build([customer('Hello?'), bot('Hi!')])).toBeNull();
    expect(build([bot('Welcome!', { feedback: 'up' })])).toBeNull();
  });
});
