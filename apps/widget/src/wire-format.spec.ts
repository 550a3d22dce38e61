import {
  parseMessagesResponse,
  parsePostMessageResponse,
  parseRenewedToken,
  parseSessionResponse,
  parseStreamEvent,
  parseWidgetMessage,
} from './wire-format';

const wireMessage = {
  id: 'm1',
  author: 'bot',
  content: 'Our hours are 9–5.',
  createdAt: '2025-01-01T10:00:00.000Z',
  clientMessageId: null,
  agentName: null,
  kind: 'answer',
  citations: [{ index: 1, title: 'Opening hours', url: 'https://example.com/hours' }],
  confidence: 0.82,
  collectEmail: false,
};

describe('parseWidgetMessage', () => {
  it('accepts a message as the contract describes it', () => {
    expect(parseWidgetMessage(wireMessage)).toEqual({
      ...wireMessage,
      replyTo: null,
      confirmation: null,
      ratingRequest: false,
    });
  });

  it("reads the bot's rating request flag", () => {
    expect(parseWidgetMessage({ ...wireMessage, kind: 'message', ratingRequest: true })?.ratingRequest).toBe(true);
    expect(parseWidgetMessage({ ...wireMessage, ratingRequest: 'yes' })?.ratingRequest).toBe(false);
  });

  it('reads the rating already given on a rating request, and leaves out a malformed one', () => {
    const rating = { score: 4, comment: 'Nice', changeableUntil: '2026-01-08T00:00:00.000Z' };
    expect(parseWidgetMessage({ ...wireMessage, ratingRequest: true, rating })?.rating).toEqual(rating);
    const noComment = parseWidgetMessage({ ...wireMessage, ratingRequest: true, rating: { ...rating, comment: 7 } });
    expect(noComment?.rating).toEqual({ ...rating, comment: null });
    expect(parseWidgetMessage({ ...wireMessage, rating: { score: '4' } })).not.toHaveProperty('rating');
    expect(parseWidgetMessage(wireMessage)).not.toHaveProperty('rating');
  });

  it('rejects what cannot be shown: no id, unknown author, non-text content', () => {
    expect(parseWidgetMessage({ ...wireMessage, id: '' })).toBeNull();
    expect(parseWidgetMessage({ ...wireMessage, author: 'admin' })).toBeNull();
    expect(parseWidgetMessage({ ...wireMessage, content: { html: '<b>x</b>' } })).toBeNull();
    expect(parseWidgetMessage('m1')).toBeNull();
    expect(parseWidgetMessage(null)).toBeNull();
  });

  it('fills defaults for missing optional fields and drops broken citations', () => {
    const parsed = parseWidgetMessage({
      id: 'm2',
      author: 'agent',
      content: 'Hi',
      kind: 'mystery',
      citations: [{ index: 2, title: 'Doc', url: 5 }, { url: 'https://x' }, 'junk'],
      replyTo: 'q1',
    });
    expect(parsed).toMatchObject({
      kind: 'message',
      citations: [{ index: 2, title: 'Doc', url: null }],
      clientMessageId: null,
      agentName: null,
      confidence: null,
      collectEmail: false,
      replyTo: 'q1',
    });
  });
});

describe('token lifetime', () => {
  it('reads how long the session token lives, and null when the api does not say or says nonsense', () => {
    expect(parseSessionResponse({ visitorToken: 'vt', visitorTokenExpiresIn: 60 })?.visitorTokenExpiresIn).toBe(60);
    for (const bad of [undefined, '60', -1, Number.NaN, null]) {
      expect(
        parseSessionResponse({ visitorToken: 'vt', visitorTokenExpiresIn: bad })?.visitorTokenExpiresIn,
      ).toBeNull();
    }
  });

  it('reads a renewed token only with its conversation', () => {
    expect(parseRenewedToken({ visitorToken: 'vt', visitorTokenExpiresIn: 60, conversationId: 'c1' })).toEqual({
      visitorToken: 'vt',
      visitorTokenExpiresIn: 60,
      conversationId: 'c1',
    });
    expect(parseRenewedToken({ visitorToken: 'vt', visitorTokenExpiresIn: 60 })).toBeNull();
    expect(parseRenewedToken({ visitorToken: '', conversationId: 'c1' })).toBeNull();
    expect(parseRenewedToken(null)).toBeNull();
  });
});

describe('parseSessionResponse', () => {
  it('reads the session and tolerates missing inbox settings', () => {
    const session = parseSessionResponse({
      visitorToken: 'vt',
      conversationId: 'c1',
      owner: 'queued',
      inbox: { title: 'Help', color: '#112233', greeting: null, locale: 'de', strings: { send: 'Los' } },
      online: false,
      messages: [wireMessage, { broken: true }],
    });
    expect(session).toMatchObject({
      visitorToken: 'vt',
      owner: 'queued',
      online: false,
      inbox: { title: 'Help', color: '#112233', greeting: null, locale: 'de', strings: { send: 'Los' } },
    });
    expect(session?.messages.map((m) => m.id)).toEqual(['m1']);

    expect(parseSessionResponse({ visitorToken: 'vt' })).toMatchObject({
      owner: 'bot',
      online: true,
      messages: [],
      inbox: { title: null, color: null, strings: {} },
    });
  });

  it('needs a visitor token', () => {
    expect(parseSessionResponse({ owner: 'bot' })).toBeNull();
    expect(parseSessionResponse(null)).toBeNull();
  });
});

describe('other responses', () => {
  it('reads messages and post answers', () => {
    expect(parseMessagesResponse({ owner: 'agent', messages: [wireMessage] })?.messages).toHaveLength(1);
    expect(parsePostMessageResponse({ message: wireMessage, duplicate: true })?.duplicate).toBe(true);
    expect(parsePostMessageResponse({ message: {} })).toBeNull();
  });
});

describe('parseStreamEvent', () => {
  it('parses each event type of the stream', () => {
    expect(parseStreamEvent('ready', '{"owner":"bot"}')).toEqual({ type: 'ready', owner: 'bot' });
    expect(parseStreamEvent('owner', '{"owner":"agent"}')).toEqual({ type: 'owner', owner: 'agent' });
    expect(parseStreamEvent('typing', '{"who":"bot","replyTo":"q1"}')).toEqual({
      type: 'typing',
      typing: { who: 'bot', replyTo: 'q1' },
    });
    expect(parseStreamEvent('token', '{"replyTo":"q1","text":"Hel"}')).toEqual({
      type: 'token',
      token: { replyTo: 'q1', text: 'Hel' },
    });
    expect(parseStreamEvent('reset', '{"replyTo":"q1","text":""}')).toEqual({
      type: 'reset',
      token: { replyTo: 'q1', text: '' },
    });
    expect(parseStreamEvent('discard', '{"replyTo":"q1"}')).toEqual({ type: 'discard', discard: { replyTo: 'q1' } });
    expect(parseStreamEvent('message', JSON.stringify(wireMessage))).toMatchObject({
      type: 'message',
      message: { id: 'm1' },
    });
  });

  it('ignores malformed frames', () => {
    expect(parseStreamEvent('token', 'not json')).toBeNull();
    expect(parseStreamEvent('token', '{"replyTo":"q1"}')).toBeNull();
    expect(parseStreamEvent('owner', '{"owner":"nobody"}')).toBeNull();
    expect(parseStreamEvent('message', '{"id":"x"}')).toBeNull();
    expect(parseStreamEvent('discard', '[]')).toBeNull();
  });
});
