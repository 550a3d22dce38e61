import { webApi } from '@slack/bolt';
import { SlackApiError, WebClientSlackWebApi, renderMessageBlocks } from '@switchboard/channels';
import { SlackDouble } from './slack-double';

const TOKEN = 'xoxb-double-token';

describe('SlackDouble, checked against Slack Web API OpenAPI document', () => {
  const slack = new SlackDouble();

  /** One raw Web API call, form-encoded as Slack's clients send it. */
  const call = async (method: string, args: Record<string, string>, token: string | null = TOKEN) => {
    const response = await fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: new URLSearchParams(args).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => {
    slack.calls.length = 0;
    slack.refusals.length = 0;
    slack.violations.length = 0;
  });

  it('refuses a method Slack does not have, as Slack does', async () => {
    expect(await call('chat.sendEverything', { channel: 'C0GENERAL1', text: 'hi' })).toEqual({
      status: 200,
      body: { ok: false, error: 'unknown_method' },
    });
    expect(slack.refusals).toEqual([expect.stringContaining('chat.sendEverything: unknown_method')]);
  });

  it('refuses a call without a token: not_authed', async () => {
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1', text: 'hi' }, null)).body).toEqual({
      ok: false,
      error: 'not_authed',
    });
    // The token may also come as an argument, as the spec allows.
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1', text: 'hi', token: TOKEN }, null)).body).toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it('refuses a missing required argument with the error Slack answers', async () => {
    expect((await call('chat.postMessage', { text: 'hi' })).body).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await call('chat.update', { channel: 'C0GENERAL1', text: 'hi' })).body).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
    expect((await call('chat.postEphemeral', { channel: 'C0GENERAL1', text: 'hi' })).body).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1' })).body).toEqual({ ok: false, error: 'no_text' });
    expect(slack.refusals).toEqual([
      expect.stringContaining('required argument channel is missing'),
      expect.stringContaining('required argument ts is missing'),
      expect.stringContaining('required argument user is missing'),
      expect.stringContaining('none of text, blocks or attachments'),
    ]);
  });

  it('refuses an argument of the wrong type', async () => {
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1', text: 'hi', unfurl_links: 'maybe' })).body).toEqual(
      { ok: false, error: 'invalid_arguments' },
    );
    expect(slack.refusals).toEqual([expect.stringContaining('/unfurl_links must be boolean')]);
  });

  it('refuses blocks that are not JSON, and a JSON body that does not parse', async () => {
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1', blocks: '[{"type":' })).body).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
    const broken = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"channel": ',
    });
    expect(await broken.json()).toEqual({ ok: false, error: 'invalid_json' });
    // Text is text, even when it looks like JSON.
    expect((await call('chat.postMessage', { channel: 'C0GENERAL1', text: '[1] Refunds' })).body.ok).toBe(true);
    expect(slack.postsIn('C0GENERAL1')[0].args.text).toBe('[1] Refunds');
  });

  it('has no effect for a refused call: no ts, nothing posted', async () => {
    await call('chat.postMessage', { channel: '', text: 'hi' });
    expect(slack.calls).toEqual([
      expect.objectContaining({ method: 'chat.postMessage', refused: 'channel_not_found' }),
    ]);
    expect(slack.calls[0].ts).toBeUndefined();
    expect(slack.postsIn('')).toEqual([]);
  });

  it("serves the product's own calls through its real Slack client, answering in the documented shapes", async () => {
    const client = new WebClientSlackWebApi(
      new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    );
    slack.users.set('U0ALICE', 'alice@example.com');
    const blocks = renderMessageBlocks(
      {
        id: 'm1',
        conversationId: 'c1',
        content: 'Refunds take five days.',
        kind: 'answer',
        metadata: { confidence: 0.9, citations: [{ index: 1, title: 'Refunds', url: null, documentId: 'd1' }] },
      },
      { question: 'Refunds?' },
    );
    const posted = await client.postMessage({
      channel: 'C0GENERAL1',
      text: 'Refunds',
      blocks,
      threadTs: '1710000001.000001',
    });
    expect(posted).toEqual({ channel: 'C0GENERAL1', ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    await client.updateMessage({ channel: 'C0GENERAL1', ts: posted.ts, text: 'Refunds, edited' });
    await client.postEphemeral({ channel: 'C0GENERAL1', user: 'U0ALICE', text: 'Only you', threadTs: posted.ts });
    expect(await client.userEmail('U0ALICE')).toBe('alice@example.com');
    await expect(client.userEmail('U0NOBODY')).rejects.toEqual(new SlackApiError('user_not_found'));

    expect(slack.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.postEphemeral',
      'users.info',
      'users.info',
    ]);
    expect(slack.postsIn('C0GENERAL1', '1710000001.000001')[0].args.blocks).toEqual(blocks);
    expect(slack.refusals).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  it('surfaces a refusal to the product as the error Slack would give', async () => {
    const client = new WebClientSlackWebApi(
      new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    );
    await expect(client.postMessage({ channel: '', text: 'hi' })).rejects.toEqual(
      new SlackApiError('channel_not_found'),
    );
  });

  it('records an answer that strays from the documented response shape', async () => {
    // A channel name is accepted, but answering with it as the channel id is not what Slack does.
    await call('chat.postMessage', { channel: 'general', text: 'hi' });
    expect(slack.violations).toEqual([expect.stringContaining('answer to chat.postMessage')]);
  });
});
