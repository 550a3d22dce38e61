import { Message, asWorkspaceId } from '@switchboard/database';
import { kindOf } from '../widget/widget-message';
import { sourcesOf, toConsoleMessage } from './console-views';

function message(values: Partial<Message>): Message {
  return {
    id: 'm1',
    workspaceId: asWorkspaceId('00000000-0000-4000-8000-000000000001'),
    conversationId: 'c',
    direction: 'outgoing',
    author: 'bot',
    agentId: null,
    content: 'text',
    private: false,
    deliveryStatus: 'sent',
    clientMessageId: null,
    metadata: {},
    createdAt: new Date('2030-01-02T03:04:05.000Z'),
    updatedAt: new Date('2030-01-02T03:04:05.000Z'),
    ...values,
  };
}

describe('console views', () => {
  it('reads kind, citations, confidence and the e-mail form from the metadata', () => {
    const view = toConsoleMessage(
      message({
        metadata: {
          kind: 'answer',
          confidence: 0.82,
          citations: [
            { index: 1, title: 'Returns', url: 'https://help.example/returns', chunkId: 'x' },
            { index: 2, title: 'Staff notes' },
            { title: 'no index' },
            'junk',
          ],
        },
      }),
      new Map(),
    );
    expect(view).toMatchObject({
      id: 'm1',
      author: 'bot',
      kind: 'answer',
      confidence: 0.82,
      collectEmail: false,
      private: false,
      agentName: null,
      createdAt: '2030-01-02T03:04:05.000Z',
      citations: [
        { index: 1, title: 'Returns', url: 'https://help.example/returns' },
        { index: 2, title: 'Staff notes', url: null },
      ],
    });
    expect(view.metadata.citations).toHaveLength(4);
    expect(toConsoleMessage(message({ metadata: { kind: 'offline', collectEmail: true } }), new Map())).toMatchObject({
      kind: 'offline',
      collectEmail: true,
    });
  });

  it('names the agent of a note and keeps it private', () => {
    const view = toConsoleMessage(
      message({ author: 'agent', agentId: 'a1', private: true, content: 'VIP' }),
      new Map([['a1', 'Ana']]),
    );
    expect(view).toMatchObject({ agentName: 'Ana', agentId: 'a1', private: true, kind: 'message', citations: [] });
  });

  it('falls back to activity or message when the stored kind is missing or unknown', () => {
    expect(kindOf(message({ direction: 'activity', author: 'system' }))).toBe('activity');
    expect(kindOf(message({ metadata: { kind: 'banana' } }))).toBe('message');
    expect(kindOf(message({ direction: 'incoming', author: 'contact' }))).toBe('message');
  });

  it('keeps well-formed ticket sources only', () => {
    expect(sourcesOf([{ documentId: 'd1', title: 'Returns', url: null }, { title: 'no id' }, null])).toEqual([
      { documentId: 'd1', title: 'Returns', url: null },
    ]);
    expect(sourcesOf(undefined)).toEqual([]);
  });
});
