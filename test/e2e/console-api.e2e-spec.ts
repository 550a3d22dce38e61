import { ConversationMessagesService, NewBotMessage } from '@switchboard/conversations';
import { HandoffReason, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { CustomerTurnService, TicketsService } from '@switchboard/handoff';
import { BLOB_STORE, BlobStore } from '@switchboard/knowledge';
import { EMAIL_ATTACHMENT_SOURCE } from '@switchboard/channels';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { TestApi, startTestApi } from '../support/test-api';
import { LiveStream, openLiveStream } from '../support/sse';

const PASSWORD = 'correct horse battery staple';

interface Workspace {
  id: WorkspaceId;
  key: string;
  inboxId: string;
}

interface SignedIn {
  id: string;
  email: string;
  token: string;
}

describe('console API', () => {
  let api: TestApi;
  let dataSource: DataSource;
  let messages: ConversationMessagesService;
  let tickets: TicketsService;
  let sequence = 0;
  // The shared workspace: an admin and two agents, signed in once.
  let main: Workspace;
  let admin: SignedIn;
  let ana: SignedIn;
  let ben: SignedIn;

  beforeAll(async () => {
    // The per-e-mail delay has its own spec (console-login-throttle); here it stays out of the per-IP limits' way.
    api = await startTestApi('console', { LOGIN_DELAY_FREE_ATTEMPTS: '1000' });
    dataSource = api.app.get(DataSource);
    messages = api.app.get(ConversationMessagesService);
    tickets = api.app.get(TicketsService);
    main = await createWorkspace('Acme');
    admin = await signedIn(main, 'admin');
    ana = await signedIn(main, 'agent', 'Ana');
    ben = await signedIn(main, 'agent', 'Ben');
  });

  afterAll(() => api?.close());

  async function createWorkspace(name: string): Promise<Workspace> {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name })
      .expect(201);
    const key = created.body.apiKey.key as string;
    const inbox = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'Website', channel: 'widget' })
      .expect(201);
    return { id: asWorkspaceId(created.body.workspace.id), key, inboxId: inbox.body.inbox.id };
  }

  async function createAgent(
    workspace: Workspace,
    role: 'admin' | 'agent',
    options: { name?: string; email?: string; password?: string } = {},
  ): Promise<{ id: string; email: string }> {
    const email = options.email ?? `person${++sequence}@console.test`;
    const created = await request(api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${workspace.key}`)
      .send({ email, name: options.name ?? `Person ${sequence}`, role, password: options.password ?? PASSWORD })
      .expect(201);
    return { id: created.body.id, email };
  }

  function login(body: object) {
    return request(api.url).post('/v1/console/login').send(body);
  }

  async function signedIn(workspace: Workspace, role: 'admin' | 'agent', name?: string): Promise<SignedIn> {
    const agent = await createAgent(workspace, role, { name });
    const response = await login({ email: agent.email, password: PASSWORD }).expect(200);
    return { ...agent, token: response.body.token };
  }

  /** A bot answer the customer rated, through the service the widget's rating goes through. */
  async function rated(
    rating: 'up' | 'down',
    workspaceId: WorkspaceId,
    conversationId: string,
    answer: NewBotMessage,
  ): Promise<void> {
    const message = await messages.addBotMessage(workspaceId, conversationId, answer);
    if (!message) throw new Error(`the bot may not answer in ${conversationId}`);
    await api.app.get(CustomerTurnService).recordFeedback(workspaceId, conversationId, message.id, rating);
  }

  const as = (who: SignedIn) => ({
    get: (path: string) => request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${who.token}`),
    post: (path: string, body: object = {}) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${who.token}`).send(body),
    patch: (path: string, body: object) =>
      request(api.url).patch(`/v1/console/${path}`).set('Authorization', `Bearer ${who.token}`).send(body),
    delete: (path: string) =>
      request(api.url).delete(`/v1/console/${path}`).set('Authorization', `Bearer ${who.token}`),
  });

  /** A widget conversation with a customer message, opened in-process. */
  async function conversation(workspace: Workspace, text = 'Where is my parcel?'): Promise<string> {
    const visitor = `visitor-${++sequence}`;
    const { conversation, contact } = await messages.openConversation(workspace.id, {
      inboxId: workspace.inboxId,
      sourceId: visitor,
      name: `Customer ${sequence}`,
      email: `${visitor}@customer.test`,
    });
    expect(contact.email).toBe(`${visitor}@customer.test`);
    await messages.receiveCustomerMessage(workspace.id, conversation.id, { content: text, clientMessageId: visitor });
    return conversation.id;
  }

  async function ticketFor(
    workspace: Workspace,
    conversationId: string,
    reason: HandoffReason = 'customer_asked',
    confidence?: number,
  ): Promise<string> {
    const { ticket } = await tickets.openTicket(workspace.id, conversationId, {
      reason,
      ...(confidence !== undefined ? { confidenceTrace: { confidence, threshold: 0.65 } } : {}),
      sources: [{ documentId: 'doc-1', title: 'Shipping', url: 'https://help.example/shipping' }],
    });
    return ticket.id;
  }

  async function ownerOf(who: SignedIn, conversationId: string): Promise<string> {
    return (await as(who).get(`conversations/${conversationId}`).expect(200)).body.conversation.owner;
  }

  function openStream(path: string): Promise<LiveStream> {
    return openLiveStream(`${api.url}${path}`);
  }

  describe('sessions', () => {
    it('signs in with e-mail and password, and stores only the hash of the token', async () => {
      const agent = await createAgent(main, 'agent', { name: 'Cleo', email: 'Cleo@Console.test' });
      const response = await login({ email: 'CLEO@console.test', password: PASSWORD }).expect(200);
      expect(response.body.token).toMatch(/^sbs_[A-Za-z0-9_-]{43}$/);
      expect(response.body.agent).toEqual({
        id: agent.id,
        name: 'Cleo',
        email: 'cleo@console.test',
        role: 'agent',
        // Signing in is going to work: the agent is online while the console keeps them present.
        availability: 'online',
      });
      expect(response.body.workspace).toEqual({ id: main.id, name: 'Acme' });
      const hours = (new Date(response.body.expiresAt).getTime() - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(11.9);
      expect(hours).toBeLessThanOrEqual(12);

      const stored: Array<{ tokenHash: string }> = await dataSource.query(
        `SELECT "tokenHash" FROM agent_sessions WHERE "agentId" = $1`,
        [agent.id],
      );
      expect(stored).toEqual([{ tokenHash: createHash('sha256').update(response.body.token).digest('hex') }]);

      const me = await request(api.url)
        .get('/v1/console/me')
        .set('Authorization', `Bearer ${response.body.token}`)
        .expect(200);
      expect(me.body).toEqual({ agent: response.body.agent, workspace: response.body.workspace });
      expect(JSON.stringify(me.body)).not.toContain('passwordHash');
    });

    it('answers 401 with the same message for a wrong password and an unknown e-mail', async () => {
      const wrong = await login({ email: ana.email, password: 'not the password at all' }).expect(401);
      const unknown = await login({ email: 'nobody@console.test', password: PASSWORD }).expect(401);
      expect(wrong.body).toMatchObject({ statusCode: 401, message: 'Wrong e-mail or password' });
      expect(unknown.body).toEqual(wrong.body);
      await login({ email: ana.email }).expect(400);
    });

    it('asks which workspace when the e-mail and password match agents of several', async () => {
      const other = await createWorkspace('Globex');
      const third = await createWorkspace('Initech');
      const email = `shared${++sequence}@console.test`;
      await createAgent(main, 'agent', { email });
      await createAgent(other, 'admin', { email });
      await createAgent(third, 'agent', { email, password: 'a different password' });

      const ambiguous = await login({ email, password: PASSWORD }).expect(409);
      expect(ambiguous.body.code).toBe('workspace_required');
      expect(ambiguous.body.workspaces).toEqual(
        expect.arrayContaining([
          { id: main.id, name: 'Acme' },
          { id: other.id, name: 'Globex' },
        ]),
      );
      expect(ambiguous.body.workspaces).toHaveLength(2);

      const chosen = await login({ email, password: PASSWORD, workspaceId: other.id }).expect(200);
      expect(chosen.body.workspace).toEqual({ id: other.id, name: 'Globex' });
      expect(chosen.body.agent.role).toBe('admin');
      const onlyThird = await login({ email, password: 'a different password' }).expect(200);
      expect(onlyThird.body.workspace.id).toBe(third.id);
    });

    it('limits failed sign-ins per IP and e-mail with 429 and Retry-After', async () => {
      const agent = await createAgent(main, 'agent');
      for (let i = 0; i < api.config.console.loginMaxAttempts; i++) {
        await login({ email: agent.email, password: `wrong password ${i}` }).expect(401);
      }
      const limited = await login({ email: agent.email, password: 'wrong again' }).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(limited.body.code).toBe('rate_limited');
      // Even the right password waits; another e-mail from the same address does not.
      await login({ email: agent.email, password: PASSWORD }).expect(429);
      await login({ email: ben.email, password: PASSWORD }).expect(200);
    });

    it('refuses bogus, expired and signed-out tokens with 401', async () => {
      await request(api.url).get('/v1/console/me').expect(401);
      await request(api.url).get('/v1/console/me').set('Authorization', 'Bearer sbs_bogus').expect(401);
      await request(api.url).get('/v1/console/me').set('Authorization', `Bearer ${main.key}`).expect(401);
      // The query-string token is for the event stream only.
      await request(api.url).get(`/v1/console/me?token=${ana.token}`).expect(401);

      const expiring = await signedIn(main, 'agent');
      await dataSource.query(
        `UPDATE agent_sessions SET "expiresAt" = now() - interval '1 second' WHERE "agentId" = $1`,
        [expiring.id],
      );
      await as(expiring).get('me').expect(401);

      const leaving = await signedIn(main, 'agent');
      await as(leaving).get('me').expect(200);
      await as(leaving).post('logout').expect(204);
      await as(leaving).get('me').expect(401);
    });

    it('ends every session of an agent whose password is changed, and the new password signs in', async () => {
      const agent = await signedIn(main, 'agent');
      const otherTab = (await login({ email: agent.email, password: PASSWORD }).expect(200)).body.token as string;
      const bystander = await signedIn(main, 'agent');

      await request(api.url)
        .patch(`/v1/agents/${agent.id}`)
        .set('Authorization', `Bearer ${main.key}`)
        .send({ password: 'a brand new long password' })
        .expect(200);

      await as(agent).get('me').expect(401);
      await request(api.url).get('/v1/console/me').set('Authorization', `Bearer ${otherTab}`).expect(401);
      await as(bystander).get('me').expect(200);
      await login({ email: agent.email, password: PASSWORD }).expect(401);
      await login({ email: agent.email, password: 'a brand new long password' }).expect(200);
    });

    it('sets availability and lists the workspace agents without password hashes', async () => {
      const busy = await as(ana).patch('me', { availability: 'busy' }).expect(200);
      expect(busy.body.agent.availability).toBe('busy');
      await as(ana).patch('me', { availability: 'asleep' }).expect(400);
      const agents = await as(ben).get('agents').expect(200);
      expect(agents.body.agents).toEqual(
        expect.arrayContaining([{ id: ana.id, name: 'Ana', email: ana.email, role: 'agent', availability: 'busy' }]),
      );
      for (const agent of agents.body.agents)
        expect(Object.keys(agent).sort()).toEqual(['availability', 'email', 'id', 'name', 'role']);
      await as(ana).patch('me', { availability: 'offline' }).expect(200);
    });

    it('answers 403 to agents on admin-only routes', async () => {
      await as(ana).get('reports').expect(403);
      await as(ana).post('canned-replies', { shortCode: 'hello', content: 'Hi there!' }).expect(403);
      await as(admin).get('reports').expect(200);
    });
  });

  describe('tickets and conversations', () => {
    it('filters the queue by status and scope, oldest first, with the view the console renders', async () => {
      const ws = await createWorkspace('Queue');
      const qa = await signedIn(ws, 'agent', 'Quinn');
      const qb = await signedIn(ws, 'agent', 'Rory');
      const open = await ticketFor(ws, await conversation(ws, 'first'), 'low_confidence', 0.42);
      const mine = await ticketFor(ws, await conversation(ws, 'second'));
      const resolved = await ticketFor(ws, await conversation(ws, 'third'));
      await as(qa).post(`tickets/${mine}/claim`).expect(200);
      await as(qb).post(`tickets/${resolved}/claim`).expect(200);
      await as(qb).post(`tickets/${resolved}/resolve`).expect(200);

      const ids = async (query: string) =>
        (await as(qa).get(`tickets${query}`).expect(200)).body.tickets.map((t: { id: string }) => t.id);
      expect(await ids('')).toEqual([open, mine, resolved]);
      expect(await ids('?status=active')).toEqual([open, mine]);
      expect(await ids('?status=open')).toEqual([open]);
      expect(await ids('?status=resolved')).toEqual([resolved]);
      expect(await ids('?scope=mine')).toEqual([mine]);
      expect(await ids('?status=active&scope=unassigned')).toEqual([open]);
      await as(qa).get('tickets?status=closed').expect(400);
      await as(qa).get('tickets?scope=everyone').expect(400);

      const [view] = (await as(qa).get('tickets?status=open').expect(200)).body.tickets;
      expect(view).toMatchObject({
        id: open,
        status: 'open',
        reason: 'low_confidence',
        assignee: null,
        firstResponseAt: null,
        resolvedAt: null,
        inbox: { name: 'Website', channel: 'widget' },
        lastMessage: { content: 'first', author: 'contact' },
        confidence: 0.42,
        confidenceTrace: { confidence: 0.42, threshold: 0.65 },
        sources: [{ documentId: 'doc-1', title: 'Shipping', url: 'https://help.example/shipping' }],
      });
      expect(view.contact).toEqual({ name: expect.stringMatching(/^Customer /), email: expect.any(String) });
      expect(typeof view.summary).toBe('string');
      const [claimed] = (await as(qa).get('tickets?scope=mine').expect(200)).body.tickets;
      expect(claimed.assignee).toEqual({ id: qa.id, name: 'Quinn' });
    });

    it("refuses a claim on another agent's ticket with 409", async () => {
      const id = await ticketFor(main, await conversation(main));
      const claimed = await as(ana).post(`tickets/${id}/claim`).expect(200);
      expect(claimed.body.ticket).toMatchObject({ id, status: 'assigned', assignee: { id: ana.id, name: 'Ana' } });
      await as(ana).post(`tickets/${id}/claim`).expect(200);
      const refused = await as(ben).post(`tickets/${id}/claim`).expect(409);
      expect(refused.body.code).toBe('already_claimed');
      await as(ben).post(`tickets/${id}/resolve`).expect(409);
      await as(ben).post(`tickets/${id}/pending`).expect(409);
      await as(ana).get('tickets/00000000-0000-4000-8000-000000000000').expect(404);
      await as(ana).post('tickets/not-a-uuid/claim').expect(404);
    });

    it('needs a claim before a public reply; notes are always allowed and stay in the console transcript', async () => {
      const conversationId = await conversation(main, 'I want a refund');
      const id = await ticketFor(main, conversationId);

      const refused = await as(ana).post(`conversations/${conversationId}/messages`, { content: 'Hi!' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'not_owner', message: 'Claim the conversation before replying' });
      const note = await as(ana)
        .post(`conversations/${conversationId}/messages`, { content: 'Refund policy says 30 days', private: true })
        .expect(201);
      expect(note.body.message).toMatchObject({
        author: 'agent',
        content: 'Refund policy says 30 days',
        private: true,
        agentId: ana.id,
        agentName: 'Ana',
        kind: 'message',
      });
      await as(ana).post(`conversations/${conversationId}/messages`, { content: '   ' }).expect(400);
      await as(ana)
        .post(`conversations/${conversationId}/messages`, { content: 'x'.repeat(5001) })
        .expect(400);

      await as(ana).post(`tickets/${id}/claim`).expect(200);
      const reply = await as(ana)
        .post(`conversations/${conversationId}/messages`, { content: 'x'.repeat(5000) })
        .expect(201);
      expect(reply.body.message).toMatchObject({ author: 'agent', private: false, agentName: 'Ana' });
      await as(ben).post(`conversations/${conversationId}/messages`, { content: 'Me too' }).expect(409);

      const detail = await as(ben).get(`tickets/${id}`).expect(200);
      expect(detail.body.ticket).toMatchObject({ id, status: 'assigned' });
      expect(detail.body.conversation).toMatchObject({
        id: conversationId,
        owner: 'agent',
        assigneeId: ana.id,
        inbox: { id: main.inboxId, name: 'Website', channel: 'widget' },
      });
      const transcript = detail.body.messages as Array<{ content: string; private: boolean; author: string }>;
      expect(transcript.map((m) => m.author)).toEqual(['contact', 'system', 'agent', 'agent']);
      expect(transcript.find((m) => m.content === 'Refund policy says 30 days')?.private).toBe(true);
      expect(transcript[1]).toMatchObject({ kind: 'activity' });

      const stored = await messages.history(main.id, conversationId, { includePrivate: false });
      expect(stored.map((m) => m.content)).not.toContain('Refund policy says 30 days');
      const full = await as(ana).get(`conversations/${conversationId}`).expect(200);
      expect(full.body.tickets.map((t: { id: string }) => t.id)).toEqual([id]);
      expect(full.body.messages).toHaveLength(4);
      await eventually(
        async () => (await as(ana).get(`tickets/${id}`).expect(200)).body.ticket.firstResponseAt !== null,
        { what: 'the first response time' },
      );
    });

    it('resolves, marks pending and hands back, changing the conversation owner', async () => {
      const resolvedConversation = await conversation(main);
      const toResolve = await ticketFor(main, resolvedConversation);
      await as(ben).post(`tickets/${toResolve}/claim`).expect(200);
      const pending = await as(ben).post(`tickets/${toResolve}/pending`).expect(200);
      expect(pending.body.ticket.status).toBe('pending');
      expect(await ownerOf(ben, resolvedConversation)).toBe('agent');
      const resolved = await as(ben).post(`tickets/${toResolve}/resolve`).expect(200);
      expect(resolved.body.ticket).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
      expect(await ownerOf(ben, resolvedConversation)).toBe('resolved');
      const illegal = await as(ben).post(`tickets/${toResolve}/pending`).expect(409);
      expect(illegal.body.code).toBe('illegal_transition');

      const handedBackConversation = await conversation(main);
      const toHandBack = await ticketFor(main, handedBackConversation);
      await as(ben).post(`tickets/${toHandBack}/claim`).expect(200);
      const handedBack = await as(ben).post(`tickets/${toHandBack}/hand-back`).expect(200);
      expect(handedBack.body.ticket.status).toBe('resolved');
      expect(await ownerOf(ben, handedBackConversation)).toBe('bot');
    });

    it('downloads a stored e-mail attachment as bytes to save, only in its own workspace', async () => {
      const ana = await signedIn(main, 'agent');
      const id = await conversation(main);
      const blobKey = randomUUID();
      await api.app
        .get<BlobStore>(BLOB_STORE)
        .put(
          { workspaceId: main.id, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId: blobKey },
          Buffer.from('<b>hi</b>'),
        );
      const mail = await messages.receiveCustomerMessage(main.id, id, {
        content: 'Invoice attached',
        metadata: {
          attachments: [
            { name: 'invoice <1>.html', contentType: 'text/html', size: 9, blobKey },
            { name: 'huge.zip', contentType: 'application/zip', size: 99_000_000 },
          ],
        },
      });
      const path = `conversations/${id}/messages/${mail.message.id}/attachments`;
      const file = await as(ana).get(`${path}/0`).buffer(true).expect(200);
      expect(file.body.toString()).toBe('<b>hi</b>');
      expect(file.headers['content-type']).toBe('application/octet-stream');
      expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''invoice%20%3C1%3E.html");
      await as(ana).get(`${path}/1`).expect(404);
      const outsider = await signedIn(await createWorkspace('Outsider'), 'agent');
      await as(outsider).get(`${path}/0`).expect(404);
    });

    it("keeps another workspace's tickets and conversations out of reach (404)", async () => {
      const conversationId = await conversation(main);
      const id = await ticketFor(main, conversationId);
      const outsider = await signedIn(await createWorkspace('Outsiders'), 'admin');
      await as(outsider).get(`tickets/${id}`).expect(404);
      await as(outsider).post(`tickets/${id}/claim`).expect(404);
      await as(outsider).post(`tickets/${id}/resolve`).expect(404);
      await as(outsider).get(`conversations/${conversationId}`).expect(404);
      await as(outsider)
        .post(`conversations/${conversationId}/messages`, { content: 'hello', private: true })
        .expect(404);
      expect((await as(outsider).get('tickets').expect(200)).body.tickets).toEqual([]);
      expect((await as(outsider).get('agents').expect(200)).body.agents).toHaveLength(1);
      expect((await as(ana).get(`tickets/${id}`).expect(200)).body.ticket.status).toBe('open');
    });
  });

  describe('live events', () => {
    it('streams ready, then tickets, notes and ownership changes of the workspace', async () => {
      await request(api.url).get('/v1/console/events').expect(401);
      await request(api.url).get('/v1/console/events?token=sbs_bogus').expect(401);
      const stream = await openStream(`/v1/console/events?token=${encodeURIComponent(ana.token)}`);
      try {
        await eventually(() => stream.events.some((e) => e.event === 'ready'), { what: 'ready' });
        const conversationId = await conversation(main, 'Is anyone there?');
        const id = await ticketFor(main, conversationId);
        const parsed = () => stream.events;
        const opened = await eventually(() => parsed().find((e) => e.event === 'ticket' && e.data.ticket.id === id), {
          what: 'the ticket event',
        });
        expect(opened.data.ticket).toMatchObject({ conversationId, reason: 'customer_asked' });

        const note = await as(ben)
          .post(`conversations/${conversationId}/messages`, { content: 'Looking into it', private: true })
          .expect(201);
        const message = await eventually(
          () => parsed().find((e) => e.event === 'message' && e.data.message.id === note.body.message.id),
          { what: 'the note on the stream' },
        );
        expect(message.data).toEqual({ conversationId, message: note.body.message });

        await as(ben).post(`tickets/${id}/claim`).expect(200);
        const owner = await eventually(
          () =>
            parsed().find(
              (e) => e.event === 'conversation' && e.data.conversationId === conversationId && e.data.owner === 'agent',
            ),
          { what: 'the ownership change' },
        );
        expect(owner.data).toEqual({ conversationId, owner: 'agent', assigneeId: ben.id });
        await eventually(
          () =>
            parsed().some(
              (e) => e.event === 'ticket' && e.data.ticket.id === id && e.data.ticket.assignee?.id === ben.id,
            ),
          { what: 'the assignment on the stream' },
        );
        // A resolution keeps the conversation's assignee: the stream reads the stored one.
        await as(ben).post(`tickets/${id}/resolve`).expect(200);
        const resolved = await eventually(
          () =>
            parsed().find(
              (e) =>
                e.event === 'conversation' && e.data.conversationId === conversationId && e.data.owner === 'resolved',
            ),
          { what: 'the resolution' },
        );
        expect(resolved.data).toEqual({ conversationId, owner: 'resolved', assigneeId: ben.id });

        // Nothing of another workspace reaches this stream.
        const elsewhere = await createWorkspace('Elsewhere');
        const foreign = await ticketFor(elsewhere, await conversation(elsewhere));
        const marker = await ticketFor(main, await conversation(main));
        await eventually(() => parsed().some((e) => e.event === 'ticket' && e.data.ticket.id === marker), {
          what: 'the marker ticket',
        });
        expect(parsed().some((e) => e.event === 'ticket' && e.data.ticket.id === foreign)).toBe(false);
      } finally {
        await stream.close();
      }
    });
  });

  describe('canned replies', () => {
    it('lets admins add and delete them and every agent read them', async () => {
      const ws = await createWorkspace('Canned');
      const boss = await signedIn(ws, 'admin');
      const worker = await signedIn(ws, 'agent');
      const created = await as(boss).post('canned-replies', { shortCode: 'refund', content: 'Refunds take 5 days.' });
      expect(created.status).toBe(201);
      expect(created.body.cannedReply).toEqual({
        id: expect.any(String),
        shortCode: 'refund',
        content: 'Refunds take 5 days.',
      });
      expect(created.body.cannedReplies).toHaveLength(1);
      const duplicate = await as(boss).post('canned-replies', { shortCode: 'refund', content: 'again' }).expect(409);
      expect(duplicate.body.code).toBe('duplicate_short_code');
      await as(boss).post('canned-replies', { shortCode: 'Not OK', content: 'x' }).expect(400);
      await as(boss)
        .post('canned-replies', { shortCode: 'long', content: 'x'.repeat(5001) })
        .expect(400);

      const listed = await as(worker).get('canned-replies').expect(200);
      expect(listed.body).toEqual({ cannedReplies: [created.body.cannedReply] });
      await as(worker).delete(`canned-replies/${created.body.cannedReply.id}`).expect(403);
      const outsider = await signedIn(main, 'admin');
      await as(outsider).delete(`canned-replies/${created.body.cannedReply.id}`).expect(404);
      const deleted = await as(boss).delete(`canned-replies/${created.body.cannedReply.id}`).expect(200);
      expect(deleted.body).toEqual({ cannedReplies: [] });
      await as(boss).delete(`canned-replies/${created.body.cannedReply.id}`).expect(404);
    });

    it('holds at most 500 per workspace', async () => {
      const ws = await createWorkspace('Full');
      const boss = await signedIn(ws, 'admin');
      await dataSource.query(
        `INSERT INTO canned_replies ("workspaceId", "shortCode", content)
         SELECT $1, 'code-' || n, 'reply ' || n FROM generate_series(1, 500) AS n`,
        [ws.id],
      );
      const full = await as(boss).post('canned-replies', { shortCode: 'one-more', content: 'x' }).expect(409);
      expect(full.body.code).toBe('canned_reply_limit');
    });
  });

  describe('reports', () => {
    it('computes the support numbers of a small fixture, the same for the console and the API key', async () => {
      const ws = await createWorkspace('Reports');
      const boss = await signedIn(ws, 'admin');
      // Answered by the bot, rated up, no ticket: resolved automatically.
      const auto = await conversation(ws, 'How long does shipping take?');
      await rated('up', ws.id, auto, { content: 'Three to five days.', kind: 'answer', metadata: { confidence: 0.9 } });
      // Answered, rated down, then handed off: first response after 60 s.
      const answeredThenHandedOff = await conversation(ws, 'Can I return worn shoes?');
      await rated('down', ws.id, answeredThenHandedOff, {
        content: 'Unworn shoes within 30 days.',
        kind: 'answer',
        metadata: { confidence: 0.4 },
      });
      const slow = await ticketFor(ws, answeredThenHandedOff, 'low_confidence');
      // Handed off without an answer: first response after 120 s.
      const fast = await ticketFor(ws, await conversation(ws, 'Talk to a human'), 'customer_asked');
      await dataSource.query(
        `UPDATE tickets SET "firstResponseAt" = "createdAt" + CASE id WHEN $1 THEN interval '60 seconds'
                                                                     ELSE interval '120 seconds' END
          WHERE id IN ($1, $2)`,
        [slow, fast],
      );
      // Opened, never written in.
      await messages.openConversation(ws.id, { inboxId: ws.inboxId, sourceId: `silent-${++sequence}` });
      // Forty days old: outside a 30-day window.
      const old = await conversation(ws, 'An old question');
      await rated('up', ws.id, old, { content: 'Old answer', kind: 'answer', metadata: {} });
      const oldTicket = await ticketFor(ws, old, 'policy');
      await dataSource.query(`UPDATE conversations SET "createdAt" = now() - interval '40 days' WHERE id = $1`, [old]);
      await dataSource.query(
        `UPDATE messages SET "createdAt" = now() - interval '40 days' WHERE "conversationId" = $1`,
        [old],
      );
      await dataSource.query(
        `UPDATE tickets SET "createdAt" = now() - interval '40 days',
                            "firstResponseAt" = now() - interval '40 days' + interval '1 hour'
          WHERE id = $1`,
        [oldTicket],
      );

      const expected = {
        days: 30,
        conversations: 4,
        answeredByBot: 2,
        autoResolutionRate: 0.3333,
        handoffRate: 0.6667,
        handoffsByReason: {
          low_confidence: 1,
          customer_asked: 1,
          negative_feedback: 0,
          llm_failure: 0,
          policy: 0,
          action_failed: 0,
        },
        medianFirstResponseSeconds: 90,
        feedback: { up: 1, down: 1 },
      };
      const fromConsole = await as(boss).get('reports?days=30').expect(200);
      expect(fromConsole.body).toEqual(expected);
      const byKey = await request(api.url)
        .get('/v1/workspace/reports/support?days=30')
        .set('Authorization', `Bearer ${ws.key}`)
        .expect(200);
      expect(byKey.body).toEqual(expected);

      const year = await as(boss).get('reports?days=365').expect(200);
      expect(year.body).toMatchObject({
        days: 365,
        conversations: 5,
        answeredByBot: 3,
        handoffsByReason: { policy: 1 },
        medianFirstResponseSeconds: 120,
        feedback: { up: 2, down: 1 },
      });
      const defaults = await as(boss).get('reports').expect(200);
      expect(defaults.body).toEqual(expected);
      await as(boss).get('reports?days=0').expect(400);
      await as(boss).get('reports?days=366').expect(400);
      await request(api.url).get('/v1/workspace/reports/support').expect(401);

      const empty = await request(api.url)
        .get('/v1/workspace/reports/support?days=7')
        .set('Authorization', `Bearer ${(await createWorkspace('Empty')).key}`)
        .expect(200);
      expect(empty.body).toMatchObject({
        conversations: 0,
        autoResolutionRate: 0,
        handoffRate: 0,
        medianFirstResponseSeconds: null,
        feedback: { up: 0, down: 0 },
      });
    });
  });
});
