import { AgentsRepository } from '@switchboard/auth';
import { AGENT_HEARTBEAT_MS, AGENT_PRESENCE_TIMEOUT_MS, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { LiveStream, openLiveStream } from '../support/sse';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { WidgetVisitorClient, createWidgetInbox } from '../support/widget-client';

const PASSWORD = 'a long enough password';

/** What a first-time operator tripped over (issue 12 §6): each item's API behaviour. */
describe('a new user', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let agents: AgentsRepository;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('new-user', {
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
      UPLOAD_MAX_BYTES: '4096',
    });
    api = await startApi(environment);
    agents = api.app.get(AgentsRepository);
  });

  afterAll(async () => {
    await api?.close();
    await environment?.destroy();
  });

  const adminPost = (path: string) =>
    request(api.url).post(path).set('Authorization', `Bearer ${api.config.adminToken}`);

  /** A workspace with a widget inbox and one console agent (not signed in). */
  async function setUp(): Promise<{
    auth: string;
    inboxKey: string;
    email: string;
    agentId: string;
    workspaceId: WorkspaceId;
  }> {
    const n = ++sequence;
    const email = `admin${n}@new-user.test`;
    const created = await adminPost('/v1/workspaces')
      .send({ name: `Shop ${n}`, admin: { email, name: `Admin ${n}`, password: PASSWORD } })
      .expect(201);
    const auth = `Bearer ${created.body.apiKey.key}`;
    const inboxKey = (await createWidgetInbox(api, auth)).publicKey;
    const workspaceId = asWorkspaceId(created.body.workspace.id);
    return { auth, inboxKey, email, agentId: created.body.admin.id, workspaceId };
  }

  async function visitor(inboxKey: string): Promise<WidgetVisitorClient> {
    const tab = new WidgetVisitorClient(api, inboxKey);
    await tab.session();
    return tab;
  }

  async function widgetSaysOnline(tab: WidgetVisitorClient): Promise<boolean> {
    return (await tab.session({ visitorToken: tab.token })).body.online === true;
  }

  async function signIn(email: string): Promise<string> {
    return (await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200)).body
      .token;
  }

  const consoleCall = (token: string, method: 'get' | 'post', path: string) =>
    request(api.url)[method](`/v1/console/${path}`).set('Authorization', `Bearer ${token}`);

  function consoleEvents(token: string): Promise<LiveStream> {
    return openLiveStream(`${api.url}/v1/console/events?token=${encodeURIComponent(token)}`);
  }

  async function lastSeenAt(workspaceId: WorkspaceId, agentId: string): Promise<Date | null | undefined> {
    return (await agents.findById(workspaceId, agentId))?.lastSeenAt;
  }

  const longAgo = () => new Date(Date.now() - AGENT_PRESENCE_TIMEOUT_MS - 5_000);

  describe('agent presence', () => {
    it('is offline until a console is open, goes stale without heartbeats, and ends with sign-out', async () => {
      const { inboxKey, email, agentId, workspaceId } = await setUp();
      const tab = await visitor(inboxKey);
      // The admin exists and "chose" online by default, but no console has ever been open.
      expect(await widgetSaysOnline(tab)).toBe(false);

      // Signing in makes the agent online at once, not offline while the console is open.
      const token = await signIn(email);
      expect((await consoleCall(token, 'get', 'me').expect(200)).body.agent.availability).toBe('online');
      expect(await widgetSaysOnline(tab)).toBe(true);

      // A restart (or a tab closed long ago) leaves only an old heartbeat: nobody is there.
      await agents.update(workspaceId, agentId, { lastSeenAt: longAgo() });
      expect(await widgetSaysOnline(tab)).toBe(false);

      // An open console stream is a heartbeat: on connect, and again every AGENT_HEARTBEAT_MS while open.
      const stream = await consoleEvents(token);
      try {
        await stream.next((event) => event.event === 'ready');
        await eventually(() => widgetSaysOnline(tab), { what: 'the widget to see the agent online' });
        await agents.update(workspaceId, agentId, { lastSeenAt: longAgo() });
        await eventually(async () => ((await lastSeenAt(workspaceId, agentId))?.getTime() ?? 0) > Date.now() - 10_000, {
          what: 'the next heartbeat of the open stream',
          timeoutMs: AGENT_HEARTBEAT_MS + 10_000,
          intervalMs: 500,
        });
        expect(await widgetSaysOnline(tab)).toBe(true);
      } finally {
        await stream.close();
      }

      // Signing out ends presence at once (no open stream refreshes it).
      await consoleCall(token, 'post', 'logout').expect(204);
      expect(await lastSeenAt(workspaceId, agentId)).toBeNull();
      expect(await widgetSaysOnline(tab)).toBe(false);
    });

    it('an agent who chose busy or offline stays offline with the console open', async () => {
      const { inboxKey, email } = await setUp();
      const tab = await visitor(inboxKey);
      const token = await signIn(email);
      const stream = await consoleEvents(token);
      try {
        await stream.next((event) => event.event === 'ready');
        expect(await widgetSaysOnline(tab)).toBe(true);
        await request(api.url)
          .patch('/v1/console/me')
          .set('Authorization', `Bearer ${token}`)
          .send({ availability: 'busy' })
          .expect(200);
        expect(await widgetSaysOnline(tab)).toBe(false);
      } finally {
        await stream.close();
      }
    });
  });

  describe('a new workspace', () => {
    it('warns when it has no agent, and creates the first admin when asked, who can sign in', async () => {
      const bare = await adminPost('/v1/workspaces').send({ name: 'No staff yet' }).expect(201);
      expect(bare.body.admin).toBeUndefined();
      expect(bare.body.warnings).toEqual([expect.stringContaining('no agents yet')]);
      expect(bare.body.warnings[0]).toContain('POST /v1/agents');

      const staffed = await adminPost('/v1/workspaces')
        .send({ name: 'Staffed', admin: { email: 'Boss@Staffed.test', name: 'Boss', password: PASSWORD } })
        .expect(201);
      expect(staffed.body.warnings).toEqual([]);
      expect(staffed.body.admin).toMatchObject({ email: 'boss@staffed.test', name: 'Boss', role: 'admin' });
      expect(staffed.body.admin).not.toHaveProperty('passwordHash');
      const login = await request(api.url)
        .post('/v1/console/login')
        .send({ email: 'boss@staffed.test', password: PASSWORD })
        .expect(200);
      expect(login.body.workspace.id).toBe(staffed.body.workspace.id);

      const weak = await adminPost('/v1/workspaces')
        .send({ name: 'Weak', admin: { email: 'x@weak.test', name: 'X', password: 'short' } })
        .expect(400);
      expect(weak.body.errors.map((e: { field: string }) => e.field)).toEqual(['admin.password']);
    });
  });

  describe('agents without a password', () => {
    it('are refused with a reason, unless explicitly Slack-only', async () => {
      const { auth } = await setUp();
      const refused = await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'nopass@new-user.test', name: 'No Pass', role: 'agent' })
        .expect(400);
      expect(JSON.stringify(refused.body)).toContain('can never sign in');
      expect(JSON.stringify(refused.body)).toContain('slackOnly');

      const slack = await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'slack@new-user.test', name: 'Slack Only', role: 'agent', slackOnly: true })
        .expect(201);
      expect(slack.body).toMatchObject({ email: 'slack@new-user.test' });
      await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'weird@new-user.test', name: 'W', role: 'agent', slackOnly: 'yes' })
        .expect(400);
    });
  });

  describe('handoff and hand-back', () => {
    it('labels the reason, shows a handed-back ticket as such, and tells the customer the agent left', async () => {
      const { inboxKey, email } = await setUp();
      const token = await signIn(email);
      const tab = await visitor(inboxKey);
      await tab.post('handoff').expect(200);
      const [queued] = (await consoleCall(token, 'get', 'tickets').expect(200)).body.tickets;
      const detail = (await consoleCall(token, 'get', `tickets/${queued.id}`).expect(200)).body;
      const handoffLine = detail.messages.find((m: { metadata: { event?: string } }) => m.metadata.event === 'handoff');
      expect(handoffLine.content).toBe('Handed off to a person: Customer asked for a person');

      await consoleCall(token, 'post', `tickets/${queued.id}/claim`).expect(200);
      const live = await tab.events();
      try {
        await live.next((event) => event.event === 'ready');
        const handedBack = await consoleCall(token, 'post', `tickets/${queued.id}/hand-back`).expect(200);
        expect(handedBack.body.ticket).toMatchObject({ status: 'resolved', resolution: 'handed_back' });
        const notice = await live.next(
          (event) => event.event === 'message' && event.data.author === 'bot',
          'the customer to hear that the agent left',
        );
        expect(notice.data.content).toMatch(/has left the conversation.*assistant is answering again/);
        await live.next((event) => event.event === 'owner' && event.data.owner === 'bot', 'the owner to be the bot');
      } finally {
        await live.close();
      }
      const history = (await tab.get('messages').expect(200)).body.messages as Array<{ content: string }>;
      expect(history.filter((m) => /has left the conversation/.test(m.content))).toHaveLength(1);
      const after = (await consoleCall(token, 'get', `tickets/${queued.id}`).expect(200)).body;
      expect(after.ticket.resolution).toBe('handed_back');
      expect(after.conversation.owner).toBe('bot');
    });

    it('a resolved (not handed-back) ticket says so, and the customer gets no "agent left" notice', async () => {
      const { inboxKey, email } = await setUp();
      const token = await signIn(email);
      const tab = await visitor(inboxKey);
      await tab.post('handoff').expect(200);
      const [queued] = (await consoleCall(token, 'get', 'tickets').expect(200)).body.tickets;
      await consoleCall(token, 'post', `tickets/${queued.id}/claim`).expect(200);
      const resolved = await consoleCall(token, 'post', `tickets/${queued.id}/resolve`).expect(200);
      expect(resolved.body.ticket).toMatchObject({ status: 'resolved', resolution: 'resolved' });
      const history = (await tab.get('messages').expect(200)).body.messages as Array<{ content: string }>;
      expect(history.some((m) => /has left the conversation/.test(m.content))).toBe(false);
    });
  });

  describe('leaving an e-mail address', () => {
    it('adds no second thank-you to the conversation; agents see the address in the transcript', async () => {
      const { inboxKey, email } = await setUp();
      // Nobody online: the handoff asks for an e-mail address.
      const tab = await visitor(inboxKey);
      await tab.post('handoff').expect(200);
      const before = (await tab.get('messages').expect(200)).body.messages as Array<{ kind: string }>;
      expect(before.some((m) => m.kind === 'offline')).toBe(true);
      const live = await tab.events();
      try {
        await live.next((event) => event.event === 'ready');
        await tab.post('contact', { email: 'jo@customer.test' }).expect(200);
        const token = await signIn(email);
        const [ticket] = (await consoleCall(token, 'get', 'tickets').expect(200)).body.tickets;
        // Wait until the agents' line exists: by then any customer-visible thank-you would have been published too.
        await eventually(
          async () =>
            (await consoleCall(token, 'get', `tickets/${ticket.id}`).expect(200)).body.messages.some(
              (m: { content: string; author: string }) =>
                m.author === 'system' && m.content === 'Customer left jo@customer.test for a reply',
            ),
          { what: "the agents' line about the e-mail" },
        );
        const after = (await tab.get('messages').expect(200)).body.messages;
        expect(after).toHaveLength(before.length);
        expect(live.events.filter((event) => event.event === 'message')).toEqual([]);
      } finally {
        await live.close();
      }
    });
  });

  describe('uploads', () => {
    async function uploadSource(auth: string): Promise<string> {
      return (
        await request(api.url)
          .post('/v1/knowledge/sources')
          .set('Authorization', auth)
          .send({ name: 'Files', type: 'upload', visibility: 'public' })
          .expect(201)
      ).body.id;
    }

    it('names the limit when a file is too large, and the right field when the multipart field is wrong', async () => {
      const { auth } = await setUp();
      const source = await uploadSource(auth);
      const tooLarge = await request(api.url)
        .post(`/v1/knowledge/sources/${source}/files`)
        .set('Authorization', auth)
        .attach('files', Buffer.from('# Big\n\n' + 'word '.repeat(2000)), 'big.md')
        .expect(413);
      expect(tooLarge.body.message).toBe(
        'A file is larger than the upload limit of 4096 bytes (UPLOAD_MAX_BYTES = 4096 bytes)',
      );

      const wrongField = await request(api.url)
        .post(`/v1/knowledge/sources/${source}/files`)
        .set('Authorization', auth)
        .attach('file', Buffer.from('# Returns\n\nThirty days.'), 'returns.md')
        .expect(400);
      expect(wrongField.body.message).toContain('Unexpected multipart field "file"');
      expect(wrongField.body.message).toContain('send the files in the "files" field');

      await request(api.url)
        .post(`/v1/knowledge/sources/${source}/files`)
        .set('Authorization', auth)
        .attach('files', Buffer.from('# Returns\n\nThirty days.'), 'returns.md')
        .expect(202);
    });

    it('names the 2 MB limit of a JSON body', async () => {
      const { auth } = await setUp();
      const tooLarge = await request(api.url)
        .post('/v1/answers')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ question: 'x'.repeat(2.5 * 1024 * 1024) }))
        .expect(413);
      expect(tooLarge.body.message).toBe('The request body is larger than the limit of 2 MB for JSON bodies');
    });
  });
});
