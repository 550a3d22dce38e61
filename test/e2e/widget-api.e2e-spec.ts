import { INestApplicationContext } from '@nestjs/common';
import { userHashFor } from '@switchboard/auth';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi, startTestApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import {
  WidgetVisitorClient,
  addKnowledge,
  createAgent,
  createWidgetInbox,
  createWorkspace,
} from '../support/widget-client';

const COVERED = 'When will the refund for my returned shoes reach my card?';
const ALSO_COVERED = 'How many working days does standard shipping take to arrive?';
const SHOP = 'https://shop.example.com';

describe('widget api', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let workspace: { id: string; auth: string };
  let inbox: { id: string; publicKey: string; identitySecret: string };

  const visitor = (key = inbox.publicKey, origin?: string) => new WidgetVisitorClient(api, key, origin);

  /** The bot's stored answer to a customer message, once it is there. */
  const answerTo = (client: WidgetVisitorClient, messageId: string) =>
    eventually(
      async () => {
        const history = await client.get('messages').expect(200);
        return (history.body.messages as Array<{ id: string; replyTo: string | null; author: string }>).find(
          (message) => message.author === 'bot' && message.replyTo === messageId,
        );
      },
      { what: `the answer to ${messageId}` },
    );

  beforeAll(async () => {
    environment = await createTestEnvironment('widget', {
      WIDGET_MAX_MESSAGE_CHARS: '500',
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    workspace = await createWorkspace(api, 'Shoes', { confidenceThreshold: 0.3 });
    inbox = await createWidgetInbox(api, workspace.auth, { title: 'Acme help', color: '#112233', greeting: 'Hi!' });
    await addKnowledge(api, workspace.auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        url: 'https://help.example.com/refunds',
        text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
      },
      {
        id: 'shipping',
        title: 'Shipping',
        text: '# Shipping\n\nStandard shipping takes three to five working days. Express shipping arrives the next working day.',
      },
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  describe('session', () => {
    it("starts a visitor with the inbox's look, the workspace locale and an empty transcript", async () => {
      const response = await visitor().session();
      expect(response.body).toEqual({
        visitorToken: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
        visitorTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        visitorTokenExpiresIn: 30 * 24 * 3600,
        conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        owner: 'bot',
        inbox: { title: 'Acme help', color: '#112233', greeting: 'Hi!', locale: 'en', strings: {} },
        online: false,
        messages: [],
      });

      const plain = await createWidgetInbox(api, workspace.auth);
      const defaults = await visitor(plain.publicKey).session();
      expect(defaults.body.inbox).toEqual({
        title: 'Website chat',
        color: null,
        greeting: null,
        locale: 'en',
        strings: {},
      });
    });

    it('resumes the same conversation and its history after a page reload, and a new visitor without a token', async () => {
      const tab = visitor();
      await tab.session();
      const sent = await tab.send(COVERED).expect(202);
      await answerTo(tab, sent.body.message.id);

      const reloaded = await visitor().session({ visitorToken: tab.token });
      expect(reloaded.body.conversationId).toBe(tab.conversationId);
      expect(reloaded.body.messages.map((m: { author: string; content: string }) => m.author)).toEqual([
        'contact',
        'bot',
      ]);
      expect(reloaded.body.messages[0]).toMatchObject({ id: sent.body.message.id, content: COVERED, kind: 'message' });
      expect(reloaded.body.messages[1]).toMatchObject({ kind: 'answer', replyTo: sent.body.message.id });

      const stranger = await visitor().session({ visitorToken: 'not-a-token' });
      expect(stranger.body.conversationId).not.toBe(tab.conversationId);
      expect(stranger.body.messages).toEqual([]);
    });

    it('accepts a valid user hash, refuses a wrong one, and requires one where the inbox says so', async () => {
      const strict = await createWidgetInbox(api, workspace.auth, { identityRequired: true });
      const hash = userHashFor(strict.identitySecret, 'user-7');
      const required = await visitor(strict.publicKey).session({}, 401);
      expect(required.body).toMatchObject({ statusCode: 401, code: 'identity_required' });
      await visitor(strict.publicKey).session({ userId: 'user-7' }, 401);
      const wrong = await visitor(strict.publicKey).session({ userId: 'user-7', userHash: 'ab'.repeat(32) }, 401);
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'identity_invalid' });
      const stolen = await visitor(strict.publicKey).session({ userId: 'user-8', userHash: hash }, 401);
      expect(stolen.body.code).toBe('identity_invalid');
      // The secret of another inbox does not prove anyone here.
      await visitor(strict.publicKey).session(
        { userId: 'user-7', userHash: userHashFor(inbox.identitySecret, 'user-7') },
        401,
      );

      const laptop = visitor(strict.publicKey);
      await laptop.session({ userId: 'user-7', userHash: hash, name: 'Kim', email: 'kim@example.com' });
      await laptop.send('hello from the laptop').expect(202);
      // The same user on another device is the same visitor, in the same conversation.
      const phone = visitor(strict.publicKey);
      const resumed = await phone.session({ userId: 'user-7', userHash: hash.toUpperCase() });
      expect(phone.conversationId).toBe(laptop.conversationId);
      expect(resumed.body.messages[0]).toMatchObject({ content: 'hello from the laptop' });
      // A token alone is not an identity where one is required.
      await visitor(strict.publicKey).session({ visitorToken: laptop.token }, 401);
    });

    it('turns an anonymous visitor who signs in into that user, and never resumes a user for someone else', async () => {
      const tab = visitor();
      await tab.session();
      const anonymous = { token: tab.token, conversationId: tab.conversationId };
      const hash = userHashFor(inbox.identitySecret, 'user-9');

      const signedIn = await tab.session({ visitorToken: anonymous.token, userId: 'user-9', userHash: hash });
      expect(signedIn.body.visitorToken).not.toBe(anonymous.token);
      expect(tab.conversationId).not.toBe(anonymous.conversationId);
      const again = visitor();
      await again.session({ visitorToken: tab.token, userId: 'user-9', userHash: hash });
      expect(again.conversationId).toBe(tab.conversationId);

      // Signed out (no identity) or another user: the user's token starts someone new.
      const signedOut = visitor();
      await signedOut.session({ visitorToken: tab.token });
      expect(signedOut.conversationId).not.toBe(tab.conversationId);
      const other = visitor();
      await other.session({
        visitorToken: tab.token,
        userId: 'user-10',
        userHash: userHashFor(inbox.identitySecret, 'user-10'),
      });
      expect(other.conversationId).not.toBe(tab.conversationId);
      // An unproven userId is ignored: still an anonymous visitor.
      const claimed = visitor();
      await claimed.session({ userId: 'user-9' });
      expect(claimed.conversationId).not.toBe(tab.conversationId);
    });
  });

  describe('origins', () => {
    let guarded: { publicKey: string };

    beforeAll(async () => {
      guarded = await createWidgetInbox(api, workspace.auth, { allowedOrigins: [SHOP] });
    });

    it('serves an allowed origin with CORS headers, preflight included', async () => {
      const response = await visitor(guarded.publicKey, SHOP).session();
      expect(response.headers['access-control-allow-origin']).toBe(SHOP);
      expect(response.headers['access-control-expose-headers']).toBe('Retry-After');
      expect(response.headers.vary).toContain('Origin');

      const preflight = await request(api.url)
        .options(`/v1/widget/${guarded.publicKey}/messages`)
        .set('Origin', SHOP)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type')
        .expect(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': SHOP,
        'access-control-allow-headers': 'Authorization, Content-Type',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
      });
    });

    it('refuses a disallowed origin, a missing one, and a token carried to another page', async () => {
      const evil = await visitor(guarded.publicKey, 'https://evil.example').session({}, 403);
      expect(evil.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        code: 'origin_not_allowed',
        message: expect.any(String),
      });
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(api.url)
        .options(`/v1/widget/${guarded.publicKey}/session`)
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST')
        .expect(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      await visitor(guarded.publicKey).session({}, 403);

      const shop = visitor(guarded.publicKey, SHOP);
      await shop.session();
      await request(api.url)
        .get(`/v1/widget/${guarded.publicKey}/messages`)
        .set('Origin', 'https://shop.example.com.evil.example')
        .set('Authorization', `Bearer ${shop.token}`)
        .expect(403);
    });

    it("shows the inbox's look without a session, to allowed origins only", async () => {
      const styled = await createWidgetInbox(api, workspace.auth, {
        allowedOrigins: [SHOP],
        title: 'Shop help',
        color: '#0f766e',
        greeting: 'Hello!',
      });
      const look = await request(api.url).get(`/v1/widget/${styled.publicKey}/look`).set('Origin', SHOP).expect(200);
      expect(look.body.inbox).toMatchObject({ title: 'Shop help', color: '#0f766e', greeting: 'Hello!' });
      expect(look.headers['access-control-allow-origin']).toBe(SHOP);
      await request(api.url)
        .get(`/v1/widget/${styled.publicKey}/look`)
        .set('Origin', 'https://evil.example')
        .expect(403);
    });

    it('answers 404 inbox_not_found for an unknown key and for an inbox of another channel', async () => {
      const unknown = await visitor('ib_doesNotExist123').session({}, 404);
      expect(unknown.body).toMatchObject({ statusCode: 404, code: 'inbox_not_found' });
      const email = await request(api.url)
        .post('/v1/inboxes')
        .set('Authorization', workspace.auth)
        .send({ name: 'Mail', channel: 'email' })
        .expect(201);
      await visitor(email.body.inbox.publicKey).session({}, 404);
    });
  });

  describe('messages', () => {
    it('streams typing, tokens and the final answer with citations over the event stream', async () => {
      const tab = visitor(inbox.publicKey, SHOP);
      await tab.session();
      const live = await tab.events();
      try {
        expect(live.status).toBe(200);
        expect(live.headers.get('content-type')).toContain('text/event-stream');
        expect(live.headers.get('access-control-allow-origin')).toBe(SHOP);
        await live.next((e) => e.event === 'ready', 'ready');
        expect(live.events[0]).toEqual({ event: 'ready', data: { owner: 'bot' } });

        const sent = await tab.send(COVERED, 'first-question').expect(202);
        expect(sent.body).toEqual({
          duplicate: false,
          message: {
            id: expect.any(String),
            author: 'contact',
            content: COVERED,
            createdAt: expect.any(String),
            clientMessageId: 'first-question',
            agentName: null,
            kind: 'message',
            citations: [],
            confidence: null,
            collectEmail: false,
            replyTo: null,
            confirmation: null,
            ratingRequest: false,
          },
        });
        const id = sent.body.message.id as string;
        const answer = await live.next((e) => e.event === 'message' && e.data.author === 'bot', 'the answer');
        expect(answer.data).toMatchObject({
          kind: 'answer',
          replyTo: id,
          agentName: null,
          collectEmail: false,
          citations: [{ index: 1, title: 'Refunds', url: 'https://help.example.com/refunds' }],
        });
        expect(answer.data.citations[0]).not.toHaveProperty('documentId');
        expect(answer.data.confidence).toBeGreaterThanOrEqual(0.3);
        expect(answer.data.content).toContain('five working days');

        const names = live.events.map((e) => e.event);
        const own = live.events.findIndex((e) => e.event === 'message' && e.data.id === id);
        const typing = live.events.findIndex((e) => e.event === 'typing');
        const firstToken = live.events.findIndex((e) => e.event === 'token');
        expect(own).toBeGreaterThan(0);
        expect(typing).toBeGreaterThan(own);
        expect(firstToken).toBeGreaterThan(typing);
        expect(names.lastIndexOf('token')).toBeLessThan(live.events.indexOf(answer));
        expect(live.events[typing].data).toEqual({ who: 'bot', replyTo: id });
        const tokens = live.events.filter((e) => e.event === 'token');
        expect(tokens.every((e) => e.data.replyTo === id)).toBe(true);
        expect(tokens.map((e) => e.data.text).join('')).toBe(answer.data.content);
        // Exactly one `message` per stored message.
        expect(live.events.filter((e) => e.event === 'message')).toHaveLength(2);

        const after = await tab.get(`messages?after=${id}`).expect(200);
        expect(after.body).toEqual({ owner: 'bot', messages: [answer.data] });
      } finally {
        await live.close();
      }
    });

    it('stores a repeated clientMessageId once and answers it once', async () => {
      const tab = visitor();
      await tab.session();
      const live = await tab.events();
      try {
        await live.next((e) => e.event === 'ready');
        const posts = await Promise.all([1, 2, 3].map(() => tab.send(COVERED, 'retry-me').expect(202)));
        const ids = new Set(posts.map((post) => post.body.message.id as string));
        expect(ids.size).toBe(1);
        expect(posts.filter((post) => post.body.duplicate === false)).toHaveLength(1);
        const [id] = [...ids] as [string];
        const again = await tab.send('a different text, same id', 'retry-me').expect(202);
        expect(again.body).toMatchObject({ duplicate: true, message: { id, content: COVERED } });

        await answerTo(tab, id);
        // A later question answered proves the bot is done with the first one.
        const later = await tab.send(ALSO_COVERED).expect(202);
        await answerTo(tab, later.body.message.id);
        const history = (await tab.get('messages').expect(200)).body.messages as Array<{
          id: string;
          replyTo: string | null;
        }>;
        expect(history.filter((m) => m.id === id)).toHaveLength(1);
        expect(history.filter((m) => m.replyTo === id)).toHaveLength(1);
        expect(live.events.filter((e) => e.event === 'typing' && e.data.replyTo === id)).toHaveLength(1);
        expect(live.events.filter((e) => e.event === 'message' && e.data.id === id)).toHaveLength(1);
      } finally {
        await live.close();
      }
    });

    it('validates content, clientMessageId and the token', async () => {
      const tab = visitor();
      await tab.session();
      expect((await tab.send('   \n ').expect(400)).body).toMatchObject({ statusCode: 400, code: 'message_empty' });
      expect((await tab.send('x'.repeat(501)).expect(400)).body.code).toBe('message_too_long');
      await tab.send(`  ${'é'.repeat(500)}  `).expect(202);
      const badId = await tab.post('messages', { clientMessageId: 'no spaces!', content: 'hi' }).expect(400);
      expect(badId.body).toMatchObject({ code: 'invalid_request', errors: [{ field: 'clientMessageId' }] });
      await tab.post('messages', { clientMessageId: 'x'.repeat(101), content: 'hi' }).expect(400);
      await tab.post('messages', { clientMessageId: 'ok', content: 'hi', extra: true }).expect(400);

      const noToken = await request(api.url).get(`/v1/widget/${inbox.publicKey}/messages`).expect(401);
      expect(noToken.body).toMatchObject({ statusCode: 401, code: 'visitor_token_invalid' });
      await request(api.url)
        .post(`/v1/widget/${inbox.publicKey}/messages`)
        .set('Authorization', `Bearer ${tab.token}x`)
        .send({ clientMessageId: 'a', content: 'hi' })
        .expect(401);
      // Only the event stream takes its token from the query string.
      await request(api.url).get(`/v1/widget/${inbox.publicKey}/messages?token=${tab.token}`).expect(401);
      const stream = await request(api.url).get(`/v1/widget/${inbox.publicKey}/events?token=nope`).expect(401);
      expect(stream.body.code).toBe('visitor_token_invalid');
    });

    it('rates only bot answers of this conversation', async () => {
      const tab = visitor();
      await tab.session();
      const sent = await tab.send(COVERED).expect(202);
      const answer = await answerTo(tab, sent.body.message.id);
      const up = await tab.post('feedback', { messageId: answer.id, rating: 'up' });
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ handedOff: false });
      const own = await tab.post('feedback', { messageId: sent.body.message.id, rating: 'down' }).expect(400);
      expect(own.body.code).toBe('message_not_rateable');
      await tab.post('feedback', { messageId: 'not-an-id', rating: 'down' }).expect(404);
      await tab.post('feedback', { messageId: sent.body.message.id, rating: 'meh' }).expect(400);
      const other = visitor();
      await other.session();
      await other.post('feedback', { messageId: answer.id, rating: 'down' }).expect(404);
    });
  });

  describe('agents and notes', () => {
    it('never lets an internal note or a system line reach the widget, live or in history', async () => {
      const agent = await createAgent(api, workspace.auth, 'Alice Agent');
      const tickets = api.app.get(TicketsService);
      const messages = api.app.get(ConversationMessagesService);
      const tab = visitor();
      await tab.session();
      const live = await tab.events();
      try {
        await live.next((e) => e.event === 'ready');
        expect((await tab.post('handoff').expect(200)).body).toEqual({ owner: 'queued' });
        await live.next((e) => e.event === 'owner' && e.data.owner === 'queued', 'owner queued');
        const notice = await live.next((e) => e.event === 'message' && e.data.kind === 'handoff', 'the handoff notice');
        expect(notice.data).toMatchObject({ author: 'bot', collectEmail: false });

        const workspaceId = workspace.id as WorkspaceId;
        const [ticket] = await tickets.list(workspaceId, { conversationId: tab.conversationId });
        await tickets.claim(workspaceId, ticket.id, agent.id);
        await live.next((e) => e.event === 'owner' && e.data.owner === 'agent', 'owner agent');
        await messages.addAgentMessage(workspaceId, tab.conversationId, agent.id, 'SECRET: refund them quietly', {
          private: true,
        });
        await messages.addAgentMessage(workspaceId, tab.conversationId, agent.id, 'Hi, Alice here. How can I help?');
        const reply = await live.next((e) => e.event === 'message' && e.data.author === 'agent', 'the agent reply');
        expect(reply.data).toMatchObject({
          content: 'Hi, Alice here. How can I help?',
          agentName: 'Alice Agent',
          kind: 'message',
        });

        const history = (await tab.get('messages').expect(200)).body;
        expect(history.owner).toBe('agent');
        expect(history.messages.map((m: { author: string }) => m.author)).toEqual(['bot', 'agent']);
        for (const seen of [JSON.stringify(history), JSON.stringify(live.events)]) {
          expect(seen).not.toContain('SECRET');
          expect(seen).not.toContain('Handed off to a person');
          expect(seen).not.toContain('"system"');
        }
        // The transcript the agents see does hold both.
        const full = await messages.history(workspaceId, tab.conversationId, { includePrivate: true });
        expect(full.map((m) => m.content)).toEqual(
          expect.arrayContaining(['SECRET: refund them quietly', expect.stringContaining('Handed off to a person')]),
        );
      } finally {
        await live.close();
      }
    });
  });

  describe('tenants', () => {
    it("keeps one workspace's visitors, conversations and tickets out of another's reach", async () => {
      const other = await createWorkspace(api, 'Other shop');
      const otherInbox = await createWidgetInbox(api, other.auth);
      const tickets = api.app.get(TicketsService);

      const mine = visitor();
      await mine.session();
      const sent = await mine.send(COVERED).expect(202);
      const answer = await answerTo(mine, sent.body.message.id);
      await mine.post('handoff').expect(200);

      // My token on the other inbox's key: not valid there, whatever the route.
      const carried = new WidgetVisitorClient(api, otherInbox.publicKey);
      carried.token = mine.token;
      expect((await carried.get('messages').expect(401)).body.code).toBe('visitor_token_invalid');
      await carried.send('hello').expect(401);
      await carried.post('feedback', { messageId: answer.id, rating: 'down' }).expect(401);
      await carried.post('handoff').expect(401);
      await request(api.url).get(`/v1/widget/${otherInbox.publicKey}/events?token=${mine.token}`).expect(401);
      // ... and as a stored token on the other inbox it starts a stranger with nothing of mine.
      const stranger = await carried.session({ visitorToken: mine.token });
      expect(stranger.body.conversationId).not.toBe(mine.conversationId);
      expect(stranger.body.messages).toEqual([]);
      await carried.post('feedback', { messageId: answer.id, rating: 'down' }).expect(404);
      expect(
        JSON.stringify((await carried.get(`messages?after=${sent.body.message.id}`).expect(200)).body),
      ).not.toContain(COVERED);

      // A token of the same workspace's other inbox does not cross either.
      const second = await createWidgetInbox(api, workspace.auth);
      const sibling = new WidgetVisitorClient(api, second.publicKey);
      sibling.token = mine.token;
      await sibling.get('messages').expect(401);

      const otherTickets = await tickets.list(other.id);
      expect(otherTickets).toEqual([]);
      const myTickets = await tickets.list(workspace.id as WorkspaceId, { conversationId: mine.conversationId });
      expect(myTickets).toHaveLength(1);
      expect(await tickets.list(other.id, { conversationId: mine.conversationId })).toEqual([]);
    });
  });
});

describe('widget api rate limits', () => {
  let api: TestApi;
  let key: string;

  beforeAll(async () => {
    api = await startTestApi('widget-rl', { WIDGET_RATE_LIMIT_VISITOR: '3', WIDGET_RATE_LIMIT_IP: '8' });
    const workspace = await createWorkspace(api, 'Limited');
    key = (await createWidgetInbox(api, workspace.auth)).publicKey;
  });

  afterAll(() => api?.close());

  it('limits each visitor on POST routes and each IP on every route, with 429 and Retry-After', async () => {
    const first = new WidgetVisitorClient(api, key, SHOP);
    await first.session(); // 1 for the IP
    for (let i = 0; i < 3; i++) await first.post('feedback', { messageId: `m-${i}`, rating: 'up' }).expect(404); // 2-4
    const limited = await first.post('feedback', { messageId: 'm-4', rating: 'up' }).expect(429); // 5
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expectRetryAfter(limited.headers['retry-after']);
    expect(limited.headers['access-control-allow-origin']).toBe(SHOP);
    expect(limited.headers['access-control-expose-headers']).toBe('Retry-After');
    await first.get('messages').expect(200); // 6: reading is not limited per visitor

    const second = new WidgetVisitorClient(api, key);
    await second.session(); // 7
    await second.send('hello').expect(202); // 8: another visitor has a budget of its own

    // The IP has spent its 8: every route answers 429, the session and the event stream included.
    const events = await request(api.url).get(`/v1/widget/${key}/events?token=${second.token}`).expect(429);
    expectRetryAfter(events.headers['retry-after']);
    const session = await request(api.url).post(`/v1/widget/${key}/session`).send({}).expect(429);
    expect(session.body.code).toBe('rate_limited');
  });

  function expectRetryAfter(value: string | undefined): void {
    expect(value).toMatch(/^\d+$/);
    expect(Number(value)).toBeGreaterThanOrEqual(1);
    expect(Number(value)).toBeLessThanOrEqual(60);
  }
});
