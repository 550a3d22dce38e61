import { ConversationMessagesService } from '@switchboard/conversations';
import { Conversation, Inbox, Message, WorkspaceId } from '@switchboard/database';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { SlackApiError, SlackPostMessage, SlackRetryableError, SlackWebApi } from './slack-web-api';
import { SlackWebApiFactory } from './slack-web-api.factory';
import { SlackAdapter } from './slack.adapter';

class FakeSlack implements SlackWebApi {
  readonly posts: SlackPostMessage[] = [];
  failure: Error | null = null;

  postMessage(input: SlackPostMessage): Promise<{ ts: string; channel: string }> {
    if (this.failure) return Promise.reject(this.failure);
    this.posts.push(input);
    return Promise.resolve({ ts: '1700000000.000200', channel: input.channel });
  }

  updateMessage(): Promise<void> {
    return Promise.resolve();
  }

  postEphemeral(): Promise<void> {
    return Promise.resolve();
  }

  userEmail(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

describe('SlackAdapter', () => {
  const workspaceId = 'ws' as WorkspaceId;
  const inbox = { id: 'inbox-1', channel: 'slack', settings: {}, secrets: { botToken: 'xoxb-1' } } as unknown as Inbox;
  const conversation = { id: 'c1', externalThreadId: 'C1:1700000000.000100' } as Conversation;
  const message = {
    id: 'm1',
    conversationId: 'c1',
    private: false,
    content: 'Refunds take five days.',
    kind: 'answer',
    metadata: { confidence: 0.8, citations: [] },
  } as unknown as Message;

  let slack: FakeSlack;
  let tokens: string[];
  let broken: Array<{ inboxId: string; reason: string }>;
  let adapter: SlackAdapter;

  beforeEach(() => {
    slack = new FakeSlack();
    tokens = [];
    broken = [];
    const factory = {
      forToken: (token: string) => {
        tokens.push(token);
        return slack;
      },
    } as unknown as SlackWebApiFactory;
    const status = {
      markBroken: (_workspaceId: WorkspaceId, inboxId: string, reason: string) => {
        broken.push({ inboxId, reason });
        return Promise.resolve();
      },
    } as unknown as SlackInboxStatusService;
    // A conversation with a thread needs no database: nothing is read or written.
    adapter = new SlackAdapter({} as ConversationMessagesService, factory, status);
  });

  it('is a queued staff channel with threads and buttons', () => {
    expect(adapter.capabilities).toEqual({
      streaming: false,
      threads: true,
      richButtons: true,
      typingIndicator: false,
      realtime: false,
      internalKnowledge: true,
    });
  });

  it("posts in the conversation's thread with the inbox's own token", async () => {
    const result = await adapter.send({ workspaceId, inbox, conversation, message });
    expect(result).toEqual({ externalId: '1700000000.000200' });
    expect(tokens).toEqual(['xoxb-1']);
    expect(slack.posts[0]).toMatchObject({ channel: 'C1', threadTs: '1700000000.000100' });
    expect(slack.posts[0].blocks?.some((block) => block.type === 'actions')).toBe(true);
  });

  it('lets the queue retry a rate limit', async () => {
    slack.failure = new SlackRetryableError('Slack rate limit (429)', 3);
    await expect(adapter.send({ workspaceId, inbox, conversation, message })).rejects.toBeInstanceOf(
      SlackRetryableError,
    );
    expect(broken).toEqual([]);
  });

  it('marks the inbox broken when the token is revoked', async () => {
    slack.failure = new SlackApiError('token_revoked');
    await expect(adapter.send({ workspaceId, inbox, conversation, message })).rejects.toBeInstanceOf(SlackApiError);
    expect(broken).toEqual([{ inboxId: 'inbox-1', reason: 'token_revoked' }]);
  });

  it('never sends an internal note', async () => {
    await adapter.send({ workspaceId, inbox, conversation, message: { ...message, private: true } });
    expect(slack.posts).toEqual([]);
  });
});
