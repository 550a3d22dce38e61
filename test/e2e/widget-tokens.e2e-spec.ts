import { signVisitorToken, userHashFor } from '@switchboard/auth';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { forEachSseEvent } from '../support/sse';
import { TestApi, startTestApi } from '../support/test-api';
import { WidgetVisitorClient, createWidgetInbox, createWorkspace } from '../support/widget-client';

const TTL_SECONDS = 3600;
const GRACE_SECONDS = 600;

interface Payload {
  workspaceId: string;
  inboxId: string;
  sourceId: string;
  userId?: string;
  iat: number;
  exp: number;
  gen: number;
}

function payloadOf(token: string): Payload {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Payload;
}

describe('widget visitor tokens: lifetime, renewal and revocation', () => {
  let api: TestApi;
  let workspace: { id: string; auth: string };
  let inbox: { id: string; publicKey: string; identitySecret: string };

  const visitor = (key = inbox.publicKey) => new WidgetVisitorClient(api, key);

  /** The same visitor's token as the inbox would have signed it `secondsAgo` seconds ago. */
  function issuedAgo(token: string, secondsAgo: number, generation = 0): string {
    const { workspaceId, inboxId, sourceId, userId } = payloadOf(token);
    return signVisitorToken(
      inbox.identitySecret,
      { workspaceId, inboxId, sourceId, ...(userId !== undefined ? { userId } : {}) },
      { ttlSeconds: TTL_SECONDS, generation },
      Date.now() - secondsAgo * 1000,
    );
  }

  const renew = (token: string, key = inbox.publicKey) =>
    request(api.url).post(`/v1/widget/${key}/session/renew`).set('Authorization', `Bearer ${token}`);

  const historyWith = (token: string, key = inbox.publicKey) =>
    request(api.url).get(`/v1/widget/${key}/messages`).set('Authorization', `Bearer ${token}`);

  const revoke = (inboxId = inbox.id, auth = workspace.auth) =>
    request(api.url).post(`/v1/inboxes/${inboxId}/visitor-tokens/revoke`).set('Authorization', auth);

  /** A visitor who has said something, so their conversation can be recognised later. */
  async function talkingVisitor(key = inbox.publicKey): Promise<WidgetVisitorClient> {
    const tab = visitor(key);
    await tab.session();
    await tab.send('Where is my parcel?').expect(202);
    return tab;
  }

  /** Opens the event stream with `token`; `ended()` turns true once the server closes it. */
  async function openStream(token: string, key = inbox.publicKey): Promise<{ ended: () => boolean; stop(): void }> {
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/widget/${key}/events?token=${encodeURIComponent(token)}`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    let ended = false;
    void forEachSseEvent(response, () => undefined)
      .catch(() => undefined)
      .then(() => (ended = true));
    return { ended: () => ended, stop: () => controller.abort() };
  }

  beforeAll(async () => {
    api = await startTestApi('widget-tokens', {
      WIDGET_TOKEN_TTL_SECONDS: String(TTL_SECONDS),
      WIDGET_TOKEN_GRACE_SECONDS: String(GRACE_SECONDS),
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
    });
    workspace = await createWorkspace(api, 'Shoes');
    inbox = await createWidgetInbox(api, workspace.auth);
  });

  afterAll(() => api?.close());

  it('issues tokens with an issue time, an expiry of the configured lifetime and the inbox generation', async () => {
    const before = Math.floor(Date.now() / 1000);
    const tab = visitor();
    const session = await tab.session();
    const payload = payloadOf(tab.token);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp).toBe(payload.iat + TTL_SECONDS);
    expect(payload.gen).toBe(0);
    expect(session.body.visitorTokenExpiresIn).toBe(TTL_SECONDS);
    expect(Date.parse(session.body.visitorTokenExpiresAt)).toBe(payload.exp * 1000);
  });

  it('refuses an expired token on every visitor route with 401 visitor_token_expired', async () => {
    const tab = await talkingVisitor();
    const expired = issuedAgo(tab.token, TTL_SECONDS + 1);
    const history = await historyWith(expired).expect(401);
    expect(history.body).toMatchObject({ statusCode: 401, code: 'visitor_token_expired' });
    const post = await request(api.url)
      .post(`/v1/widget/${inbox.publicKey}/messages`)
      .set('Authorization', `Bearer ${expired}`)
      .send({ clientMessageId: 'late-1', content: 'hello?' })
      .expect(401);
    expect(post.body.code).toBe('visitor_token_expired');
    const events = await request(api.url)
      .get(`/v1/widget/${inbox.publicKey}/events?token=${encodeURIComponent(expired)}`)
      .expect(401);
    expect(events.body.code).toBe('visitor_token_expired');
    // Just before its expiry the same visitor's token still works.
    await historyWith(issuedAgo(tab.token, TTL_SECONDS - 60)).expect(200);
  });

  it('closes an open event stream once its token expires, so the widget reconnects with its renewed one', async () => {
    const tab = await talkingVisitor();
    const stream = await openStream(issuedAgo(tab.token, TTL_SECONDS - 2));
    try {
      await eventually(() => stream.ended(), { timeoutMs: 30_000, what: 'the expired stream to be closed' });
    } finally {
      stream.stop();
    }
  });

  it('renews a valid token for a fresh one of the same visitor, in the same conversation', async () => {
    const tab = await talkingVisitor();
    const renewed = await renew(tab.token).expect(200);
    expect(renewed.body).toEqual({
      visitorToken: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      visitorTokenExpiresAt: expect.any(String),
      visitorTokenExpiresIn: TTL_SECONDS,
      conversationId: tab.conversationId,
    });
    expect(payloadOf(renewed.body.visitorToken).sourceId).toBe(payloadOf(tab.token).sourceId);
    const history = await historyWith(renewed.body.visitorToken).expect(200);
    expect(history.body.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ content: 'Where is my parcel?' })]),
    );
  });

  it('renews an expired token inside the grace window, and a session started with it resumes the conversation', async () => {
    const tab = await talkingVisitor();
    const expired = issuedAgo(tab.token, TTL_SECONDS + GRACE_SECONDS - 60);
    await historyWith(expired).expect(401);

    const renewed = await renew(expired).expect(200);
    expect(renewed.body.conversationId).toBe(tab.conversationId);
    const history = await historyWith(renewed.body.visitorToken).expect(200);
    expect(history.body.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ content: 'Where is my parcel?' })]),
    );

    const reloaded = visitor();
    const session = await reloaded.session({ visitorToken: expired });
    expect(reloaded.conversationId).toBe(tab.conversationId);
    expect(session.body.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ content: 'Where is my parcel?' })]),
    );
  });

  it('does not renew a token past the grace window: the visitor starts a new session', async () => {
    const tab = await talkingVisitor();
    const stale = issuedAgo(tab.token, TTL_SECONDS + GRACE_SECONDS + 1);
    const refused = await renew(stale).expect(401);
    expect(refused.body).toMatchObject({ code: 'visitor_token_expired' });
    expect(refused.body.message).toMatch(/renewal window/);

    const fresh = visitor();
    const session = await fresh.session({ visitorToken: stale });
    expect(fresh.conversationId).not.toBe(tab.conversationId);
    expect(session.body.messages).toEqual([]);
    expect(payloadOf(fresh.token).sourceId).not.toBe(payloadOf(tab.token).sourceId);
  });

  it('refuses to renew a missing, forged or foreign token', async () => {
    const missing = await request(api.url).post(`/v1/widget/${inbox.publicKey}/session/renew`).expect(401);
    expect(missing.body.code).toBe('visitor_token_invalid');
    expect((await renew('not-a-token').expect(401)).body.code).toBe('visitor_token_invalid');
    const tab = await talkingVisitor();
    const signature = tab.token.split('.')[1] ?? '';
    const forged = Buffer.from(JSON.stringify({ ...payloadOf(tab.token), exp: 9_999_999_999 })).toString('base64url');
    expect((await renew(`${forged}.${signature}`).expect(401)).body.code).toBe('visitor_token_invalid');
    const other = await createWidgetInbox(api, workspace.auth);
    expect((await renew(tab.token, other.publicKey).expect(401)).body.code).toBe('visitor_token_invalid');
  });

  describe('revoking every token of an inbox', () => {
    it('makes every earlier token 401 visitor_token_revoked, while fresh sessions work and other inboxes are untouched', async () => {
      const target = await createWidgetInbox(api, workspace.auth);
      const bystanderInbox = await createWidgetInbox(api, workspace.auth);
      const anonymous = await talkingVisitor(target.publicKey);
      const hash = userHashFor(target.identitySecret, 'user-1');
      const verified = visitor(target.publicKey);
      await verified.session({ userId: 'user-1', userHash: hash });
      await verified.send('I am user 1').expect(202);
      const bystander = await talkingVisitor(bystanderInbox.publicKey);

      const openStreamOfRevoked = await openStream(anonymous.token, target.publicKey);
      // The inbox is in the widget's cache now: the revocation must not wait for the entry to expire.
      await historyWith(anonymous.token, target.publicKey).expect(200);
      const revoked = await revoke(target.id).expect(200);
      expect(revoked.body).toEqual({ visitorTokenGeneration: 1 });

      // At once on the process that revoked (others within their 5-second inbox cache).
      const refused = await historyWith(anonymous.token, target.publicKey).expect(401);
      expect(refused.body).toMatchObject({ code: 'visitor_token_revoked' });
      expect((await historyWith(verified.token, target.publicKey).expect(401)).body.code).toBe('visitor_token_revoked');
      expect((await renew(anonymous.token, target.publicKey).expect(401)).body.code).toBe('visitor_token_revoked');
      await historyWith(bystander.token, bystanderInbox.publicKey).expect(200);
      // A stream opened before the revocation is closed too, not left listening.
      try {
        await eventually(() => openStreamOfRevoked.ended(), { timeoutMs: 30_000, what: 'the revoked stream to close' });
      } finally {
        openStreamOfRevoked.stop();
      }

      // A new session: the anonymous visitor starts anew, the verified user proves who they are and carries on.
      const restarted = visitor(target.publicKey);
      await restarted.session({ visitorToken: anonymous.token });
      expect(restarted.conversationId).not.toBe(anonymous.conversationId);
      expect(payloadOf(restarted.token).gen).toBe(1);
      await historyWith(restarted.token, target.publicKey).expect(200);
      const returning = visitor(target.publicKey);
      const session = await returning.session({ visitorToken: verified.token, userId: 'user-1', userHash: hash });
      expect(returning.conversationId).toBe(verified.conversationId);
      expect(session.body.messages).toEqual(
        expect.arrayContaining([expect.objectContaining({ content: 'I am user 1' })]),
      );

      // Revoking again moves the generation on again.
      expect((await revoke(target.id).expect(200)).body).toEqual({ visitorTokenGeneration: 2 });
    });

    it('is refused for another workspace, an unknown inbox and a non-widget inbox', async () => {
      const other = await createWorkspace(api, 'Other shop');
      await revoke(inbox.id, other.auth).expect(404);
      await revoke('00000000-0000-4000-8000-000000000000').expect(404);
      await revoke('not-a-uuid').expect(404);
      await request(api.url).post(`/v1/inboxes/${inbox.id}/visitor-tokens/revoke`).expect(401);
      const email = await request(api.url)
        .post('/v1/inboxes')
        .set('Authorization', workspace.auth)
        .send({ name: 'Mail', channel: 'email', settings: { address: 'help@tokens.example.com' } })
        .expect(201);
      const refused = await revoke(email.body.inbox.id).expect(400);
      expect(refused.body.message).toMatch(/widget/);
      // Nothing was revoked on the way: the inbox's tokens still work.
      const tab = await talkingVisitor();
      await historyWith(tab.token).expect(200);
    });
  });
});
