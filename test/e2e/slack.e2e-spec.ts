import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ActivityMetadata, Agent, Conversation, Message, SlackTicketThread, WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { SlackCall, SlackDouble, SlackWorkspaceClient, signSlack } from '../support/slack-double';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import {
  WidgetVisitorClient,
  addKnowledge,
  createAgent,
  createWidgetInbox,
  createWorkspace,
} from '../support/widget-client';

const BOT_TOKEN = 'xoxb-1-test-token';
const SIGNING_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const REFUND_QUESTION = 'When will the refund for my returned shoes reach my card?';
const SHIPPING_QUESTION = 'How many working days does standard shipping take to arrive?';
const INTERNAL_QUESTION = 'Which goodwill discount code may staff give an upset customer about a late order?';
const INTERNAL_CODE = 'CALM-FIFTEEN';
const UNCOVERED = 'What is the warranty on my espresso machine?';

type Block = { type: string; elements?: Array<Record<string, unknown>>; text?: { text: string } };
const blocksOf = (call: SlackCall): Block[] => (call.args.blocks ?? []) as Block[];
const actionIds = (call: SlackCall): unknown[] =>
  blocksOf(call)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements ?? []).map((element) => element.action_id));
const contextText = (call: SlackCall): string =>
  blocksOf(call)
    .filter((block) => block.type === 'context')
    .flatMap((block) => (block.elements ?? []).map((element) => String(element.text)))
    .join('\n');

describe('slack connector', () => {
  let slack: SlackDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let tickets: TicketsService;
  let workspaceId: WorkspaceId;
  let auth: string;
  let inboxId: string;
  let client: SlackWorkspaceClient;
  let widgetKey: string;
  let tsCounter = 0;
  const nextTs = () => `1710000${String(++tsCounter).padStart(3, '0')}.000001`;

  const waitForPost = (channel: string, threadTs: string | undefined, count = 1) =>
    eventually(() => slack.postsIn(channel, threadTs).length >= count && slack.postsIn(channel, threadTs), {
      what: `${count} post(s) in ${channel}/${threadTs ?? 'top'}`,
    });
  const conversationOfThread = (thread: string) =>
    dataSource.getRepository(Conversation).find({ where: { workspaceId, inboxId, externalThreadId: thread } });

  beforeAll(async () => {
    slack = new SlackDouble();
    await slack.start();
    environment = await createTestEnvironment('slack', {
      SLACK_API_URL: slack.apiUrl,
      WIDGET_RATE_LIMIT_IP: '100000',
      WIDGET_RATE_LIMIT_VISITOR: '1000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    tickets = api.app.get(TicketsService);
    const workspace = await createWorkspace(api, 'Shoes', { confidenceThreshold: 0.3 });
    workspaceId = workspace.id;
    auth = workspace.auth;
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({
        name: 'Staff Slack',
        channel: 'slack',
        slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
        settings: {
          mode: 'mention',
          escalationChannel: 'CESCALATE0',
          escalationUserGroup: 'SHELPERS',
          mirrorChannel: 'CAGENTS000',
        },
      })
      .expect(201);
    inboxId = created.body.inbox.id;
    client = new SlackWorkspaceClient(api, created.body.inbox.publicKey, SIGNING_SECRET);
    widgetKey = (await createWidgetInbox(api, auth)).publicKey;
    await addKnowledge(api, auth, [
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
    await addInternalKnowledge();
  });

  // Every call the product made is one Slack would take, and every answer it got is in Slack's documented shape.
  afterEach(() => {
    expect(slack.refusals).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await slack?.stop();
  });

  async function addInternalKnowledge(): Promise<void> {
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Staff handbook', type: 'text', visibility: 'internal' })
      .expect(201);
    const accepted = await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/documents`)
      .set('Authorization', auth)
      .send({
        id: 'goodwill',
        title: 'Goodwill discounts',
        text: `# Goodwill discounts\n\nStaff may give an upset customer whose order arrived late the goodwill discount code ${INTERNAL_CODE} for fifteen percent off their next order.`,
      })
      .expect(202);
    await eventually(
      async () =>
        (
          await request(api.url)
            .get(`/v1/knowledge/sources/${source.body.id}/syncs/${accepted.body.sync.id}`)
            .set('Authorization', auth)
        ).body.status === 'completed',
      { what: 'the staff handbook to be indexed' },
    );
  }

  it('keeps the Slack credentials secret and answers url_verification', async () => {
    const inbox = await request(api.url).get(`/v1/inboxes/${inboxId}`).set('Authorization', auth).expect(200);
    expect(JSON.stringify(inbox.body)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(inbox.body)).not.toContain(SIGNING_SECRET);
    await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({ name: 'No token', channel: 'slack' })
      .expect(400);
    const verified = await client
      .postJson('events', JSON.stringify({ type: 'url_verification', challenge: 'chal-123', token: 'x' }))
      .expect(200);
    expect(verified.body).toEqual({ challenge: 'chal-123' });
  });

  it('refuses a bad signature and a stale timestamp with 401', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    await client.postJson('events', body, { 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }).expect(401);
    await client.postJson('events', body, signSlack('wrong-secret-0000000000', body)).expect(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    await client.postJson('events', body, signSlack(SIGNING_SECRET, body, stale)).expect(401);
    await client.postJson('events', body, { 'X-Slack-Signature': '' }).expect(401);
    const form = 'command=%2Fask&text=hello';
    await client.postForm('commands', form, signSlack(SIGNING_SECRET, form, stale)).expect(401);
  });

  it('answers a mention in its thread with citations, a confidence label and buttons; follow-ups keep the thread', async () => {
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: 'CGENERAL00', user: 'UALICE', text: `<@UBOT> ${REFUND_QUESTION}`, ts })
      .expect(200);
    const [answer] = await waitForPost('CGENERAL00', ts);
    expect(answer.token).toBe(BOT_TOKEN);
    expect(String(answer.args.text)).toMatch(/five working days/i);
    expect(contextText(answer)).toContain('<https://help.example.com/refunds|');
    expect(contextText(answer)).toMatch(/(High|Medium|Low) confidence/);
    expect(actionIds(answer)).toEqual(['sb_feedback_up', 'sb_feedback_down', 'sb_ask_human']);
    const helpful = blocksOf(answer)
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'sb_feedback_up');
    await client
      .press({
        user: 'UALICE',
        channel: 'CGENERAL00',
        messageTs: '1710999999.000002',
        actionId: 'sb_feedback_up',
        value: String(helpful?.value),
      })
      .expect(200);
    const [, messageId] = String(helpful?.value).split(':');
    await eventually(
      async () => (await dataSource.getRepository(Message).findOneByOrFail({ id: messageId })).feedback === 'up',
      { what: 'the feedback to be recorded' },
    );

    await client
      .event({
        type: 'message',
        channel: 'CGENERAL00',
        channel_type: 'channel',
        user: 'UALICE',
        text: SHIPPING_QUESTION,
        ts: nextTs(),
        thread_ts: ts,
      })
      .expect(200);
    const [, followUp] = await waitForPost('CGENERAL00', ts, 2);
    expect(String(followUp.args.text)).toMatch(/three to five working days/i);
    const conversations = await conversationOfThread(`CGENERAL00:${ts}`);
    expect(conversations).toHaveLength(1);
    // A message outside any bot thread, without a mention, is not a question in 'mention' mode.
    await client
      .event({
        type: 'message',
        channel: 'CGENERAL00',
        channel_type: 'channel',
        user: 'UALICE',
        text: SHIPPING_QUESTION,
        ts: nextTs(),
      })
      .expect(200);
  });

  it("answers every question in a channel set to 'all'", async () => {
    await request(api.url)
      .patch(`/v1/inboxes/${inboxId}`)
      .set('Authorization', auth)
      .send({ settings: { channelModes: { CALLQUESTIONS: 'all' } } })
      .expect(200);
    await request(api.url)
      .patch(`/v1/inboxes/${inboxId}`)
      .set('Authorization', auth)
      .send({ settings: { channelModes: { 'not-a-channel': 'sometimes' } } })
      .expect(400);
    const ts = nextTs();
    await client
      .event({
        type: 'message',
        channel: 'CALLQUESTIONS',
        channel_type: 'channel',
        user: 'UBOB',
        text: REFUND_QUESTION,
        ts,
      })
      .expect(200);
    const [answer] = await waitForPost('CALLQUESTIONS', ts);
    expect(String(answer.args.text)).toMatch(/five working days/i);
  });

  it('answers a direct message', async () => {
    const ts = nextTs();
    await client
      .event({ type: 'message', channel: 'DALICE0000', channel_type: 'im', user: 'UALICE', text: REFUND_QUESTION, ts })
      .expect(200);
    const [answer] = await waitForPost('DALICE0000', ts);
    expect(String(answer.args.text)).toMatch(/five working days/i);
  });

  it('answers /ask in a new thread that quotes the question', async () => {
    const reply = await client
      .command({ text: SHIPPING_QUESTION, channel_id: 'CASK000000', user_id: 'UALICE', trigger_id: 'trig-1' })
      .expect(200);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const [answer] = await waitForPost('CASK000000', undefined);
    expect(answer.args.thread_ts).toBeUndefined();
    expect(contextText(answer)).toContain(SHIPPING_QUESTION);
    expect(String(answer.args.text)).toMatch(/three to five working days/i);
    const [posted] = await eventually(async () => {
      const found = await dataSource.getRepository(Conversation).find({ where: { workspaceId, inboxId } });
      const opened = found.filter((c) => c.externalThreadId?.startsWith('CASK000000:1'));
      return opened.length > 0 && opened;
    });
    expect(posted.externalThreadId).toMatch(/^CASK000000:\d+\.\d+$/);
  });

  it('stores a retried or repeated event once and answers it once', async () => {
    const ts = nextTs();
    const event = {
      type: 'app_mention',
      channel: 'CRETRY0000',
      user: 'UALICE',
      text: `<@UBOT> ${REFUND_QUESTION}`,
      ts,
    };
    await Promise.all([
      client.event(event, { eventId: 'EvRetry1' }).expect(200),
      client.event(event, { eventId: 'EvRetry1', retryNum: 1 }).expect(200),
    ]);
    await client.event(event, { eventId: 'EvRetry1', retryNum: 2 }).expect(200);
    // The same message as a plain message event (a different event id) is the same question.
    await client.event({ ...event, type: 'message', channel_type: 'channel' }, { eventId: 'EvRetry2' }).expect(200);
    await waitForPost('CRETRY0000', ts);
    const [conversation, ...more] = await conversationOfThread(`CRETRY0000:${ts}`);
    expect(more).toEqual([]);
    const stored = await dataSource
      .getRepository(Message)
      .find({ where: { workspaceId, conversationId: conversation.id } });
    expect(stored.filter((m) => m.author === 'contact')).toHaveLength(1);
    expect(stored.filter((m) => m.author === 'bot')).toHaveLength(1);
    expect(slack.postsIn('CRETRY0000', ts)).toHaveLength(1);
  });

  it('"Ask a human" opens a ticket, tells the thread and notifies the escalation channel', async () => {
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: 'CHUMAN0000', user: 'UALICE', text: `<@UBOT> ${REFUND_QUESTION}`, ts })
      .expect(200);
    const [answer] = await waitForPost('CHUMAN0000', ts);
    const button = blocksOf(answer)
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'sb_ask_human');
    await client
      .press({
        user: 'UALICE',
        channel: 'CHUMAN0000',
        messageTs: '1710999999.000001',
        actionId: 'sb_ask_human',
        value: String(button?.value),
      })
      .expect(200);
    const [conversation] = await conversationOfThread(`CHUMAN0000:${ts}`);
    const [ticket] = await eventually(async () => {
      const found = await tickets.list(workspaceId, { conversationId: conversation.id });
      return found.length > 0 && found;
    });
    expect(ticket).toMatchObject({ reason: 'customer_asked' });
    await waitForPost('CHUMAN0000', ts, 2);
    const [notice] = await waitForPost('CESCALATE0', undefined);
    expect(String(notice.args.text)).toContain('<!subteam^SHELPERS>');
    expect(String(notice.args.text)).toContain('<#CHUMAN0000>');
  });

  it('uses internal sources in Slack and never in the widget', async () => {
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: 'CINTERNAL0', user: 'UALICE', text: `<@UBOT> ${INTERNAL_QUESTION}`, ts })
      .expect(200);
    const [answer] = await waitForPost('CINTERNAL0', ts);
    expect(String(answer.args.text)).toContain(INTERNAL_CODE);
    expect(contextText(answer)).toContain('Goodwill discounts');

    const tab = new WidgetVisitorClient(api, widgetKey);
    await tab.session();
    await tab.send(INTERNAL_QUESTION).expect(202);
    const bot = await eventually(async () => {
      const history = await tab.get('messages').expect(200);
      const messages = history.body.messages as Array<{ author: string; content: string }>;
      return messages.find((m) => m.author === 'bot');
    });
    expect(bot.content).not.toContain(INTERNAL_CODE);
  });

  it('delivers a mirror post past a Slack rate limit, and records its thread once', async () => {
    // The 429 meets the next post, whichever it is (other tests' jobs may still be in flight); it is retried.
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const tab = new WidgetVisitorClient(api, widgetKey);
    await tab.session();
    await tab.send(UNCOVERED).expect(202);
    const [ticket] = await eventually(async () => {
      const found = await tickets.list(workspaceId, { conversationId: tab.conversationId });
      return found.length > 0 && found;
    });
    const threads = () =>
      dataSource.getRepository(SlackTicketThread).find({ where: { workspaceId, ticketId: ticket.id } });
    const mirrorLines = async () =>
      (
        await dataSource
          .getRepository(Message)
          .find({ where: { workspaceId, conversationId: tab.conversationId, kind: 'activity' } })
      ).filter((m) => {
        const metadata = m.metadata as ActivityMetadata;
        return metadata.event === 'slack_mirror' && metadata.ticketId === ticket.id;
      });
    await eventually(async () => (await threads()).length > 0, { what: 'the mirror thread' });
    expect(await threads()).toMatchObject([{ channel: 'CAGENTS000', conversationId: tab.conversationId }]);
    expect(await mirrorLines()).toHaveLength(1);
    const posts = slack
      .postsIn('CAGENTS000')
      .filter((call) => blocksOf(call).some((block) => (block.elements ?? []).some((e) => e.value === ticket.id)));
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThanOrEqual(2);
  });

  it("relays an agent's reply in the mirror thread to the widget customer; an unknown Slack user sends nothing", async () => {
    const agent = await createAgent(api, auth, 'Mirror Agent');
    slack.users.set('UAGENT', agent.email.toUpperCase());
    slack.users.set('USTRANGER', 'stranger@elsewhere.test');
    const tab = new WidgetVisitorClient(api, widgetKey);
    await tab.session();
    await tab.send(UNCOVERED).expect(202);
    const [ticket] = await eventually(async () => {
      const found = await tickets.list(workspaceId, { conversationId: tab.conversationId });
      return found.length > 0 && found;
    });
    // Every ticket of the workspace is mirrored: this customer's is the one whose Claim button carries its id.
    const mirrored = await eventually(() =>
      slack
        .postsIn('CAGENTS000')
        .find((call) => blocksOf(call).some((block) => (block.elements ?? []).some((e) => e.value === ticket.id))),
    );
    expect(String(mirrored.args.text)).toContain('widget');
    const mirrorTs = String(mirrored.ts);
    // The thread is remembered once Slack has given it a ts: wait for that before replying in it.
    await eventually(
      async () =>
        (await dataSource
          .getRepository(SlackTicketThread)
          .count({ where: { workspaceId, channel: 'CAGENTS000', ts: mirrorTs } })) > 0,
    );

    await client
      .event({
        type: 'message',
        channel: 'CAGENTS000',
        channel_type: 'channel',
        user: 'USTRANGER',
        text: 'I am not an agent',
        ts: nextTs(),
        thread_ts: mirrorTs,
      })
      .expect(200);
    const [ephemeral] = await eventually(
      () =>
        slack.callsOf('chat.postEphemeral', (c) => c.args.user === 'USTRANGER').length > 0 &&
        slack.callsOf('chat.postEphemeral', (c) => c.args.user === 'USTRANGER'),
    );
    expect(ephemeral.args.thread_ts).toBe(mirrorTs);

    const replyTs = nextTs();
    const reply = {
      type: 'message',
      channel: 'CAGENTS000',
      channel_type: 'channel',
      user: 'UAGENT',
      text: 'Hi, the warranty is two years.',
      ts: replyTs,
      thread_ts: mirrorTs,
    };
    await client.event(reply).expect(200);
    await client.event(reply, { retryNum: 1 }).expect(200);
    const agentMessages = await eventually(async () => {
      const history = await tab.get('messages').expect(200);
      const messages = history.body.messages as Array<{ author: string; content: string }>;
      const found = messages.filter((m) => m.author === 'agent');
      return found.length > 0 && found;
    });
    expect(agentMessages.map((m) => m.content)).toEqual(['Hi, the warranty is two years.']);
    const history = await tab.get('messages').expect(200);
    expect(JSON.stringify(history.body)).not.toContain('I am not an agent');
    const [claimed] = await tickets.list(workspaceId, { conversationId: tab.conversationId });
    expect(claimed).toMatchObject({ status: 'assigned', assigneeId: agent.id });
  });

  it('"Claim" in the mirror assigns the ticket to the agent behind the Slack user', async () => {
    // Nobody online: the ticket stays open for someone to claim rather than being assigned round-robin.
    await dataSource.getRepository(Agent).update({ workspaceId }, { availability: 'offline' });
    const agent = await createAgent(api, auth, 'Claiming Agent', 'offline');
    slack.users.set('UCLAIMER', agent.email);
    const tab = new WidgetVisitorClient(api, widgetKey);
    await tab.session();
    await tab.send(UNCOVERED).expect(202);
    const [ticket] = await eventually(async () => {
      const found = await tickets.list(workspaceId, { conversationId: tab.conversationId });
      return found.length > 0 && found;
    });
    const mirrored = await eventually(() =>
      slack
        .postsIn('CAGENTS000')
        .find((call) => blocksOf(call).some((block) => (block.elements ?? []).some((e) => e.value === ticket.id))),
    );
    const mirrorTs = String(mirrored.ts);
    await eventually(
      async () =>
        (await dataSource
          .getRepository(SlackTicketThread)
          .count({ where: { workspaceId, channel: 'CAGENTS000', ts: mirrorTs } })) > 0,
    );
    const press = (user: string) =>
      client
        .press({ user, channel: 'CAGENTS000', messageTs: mirrorTs, actionId: 'sb_claim', value: ticket.id })
        .expect(200);

    await press('USTRANGER');
    await eventually(
      () =>
        slack.callsOf(
          'chat.postEphemeral',
          (c) => c.args.user === 'USTRANGER' && String(c.args.text).includes('not claimed'),
        ).length > 0,
    );
    expect((await tickets.get(workspaceId, ticket.id)).assigneeId).not.toBe(agent.id);
    await press('UCLAIMER');
    const [claimed] = await waitForPost('CAGENTS000', mirrorTs);
    expect(await tickets.get(workspaceId, ticket.id)).toMatchObject({ status: 'assigned', assigneeId: agent.id });
    expect(String(claimed.args.text)).toContain('Claimed by Claiming Agent');
  });

  it('retries a rate-limited post through the outbound queue', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1, (args) => args.channel === 'CLIMIT0000');
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: 'CLIMIT0000', user: 'UALICE', text: `<@UBOT> ${REFUND_QUESTION}`, ts })
      .expect(200);
    await waitForPost('CLIMIT0000', ts, 2);
    expect(slack.postsIn('CLIMIT0000', ts)).toHaveLength(2);
  });

  it('marks the inbox broken when Slack says the token was revoked', async () => {
    slack.fail('chat.postMessage', { error: 'token_revoked' }, 1, (args) => args.channel === 'CREVOKED00');
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: 'CREVOKED00', user: 'UALICE', text: `<@UBOT> ${REFUND_QUESTION}`, ts })
      .expect(200);
    const inbox = await eventually(async () => {
      const response = await request(api.url).get(`/v1/inboxes/${inboxId}`).set('Authorization', auth).expect(200);
      return response.body.settings.status?.state === 'broken' && response.body;
    });
    expect(inbox.settings.status).toMatchObject({ state: 'broken', reason: 'token_revoked' });
    // Retrying a revoked token cannot help: the answer is marked failed at once, not after the queue's 8 attempts.
    const [conversation] = await conversationOfThread(`CREVOKED00:${ts}`);
    await eventually(
      async () =>
        (
          await dataSource
            .getRepository(Message)
            .find({ where: { workspaceId, conversationId: conversation.id, author: 'bot' } })
        ).some((message) => message.deliveryStatus === 'failed'),
      { what: 'the undeliverable answer marked failed' },
    );
    // One attempt, refused; the job failed without retrying.
    expect(slack.postsIn('CREVOKED00', ts)).toHaveLength(1);

    // Reinstalling the app: new credentials clear the status, and are never shown.
    const updated = await request(api.url)
      .patch(`/v1/inboxes/${inboxId}`)
      .set('Authorization', auth)
      .send({ slack: { botToken: 'xoxb-2-new-token', signingSecret: SIGNING_SECRET } })
      .expect(200);
    expect(updated.body.settings.status).toBeUndefined();
    expect(JSON.stringify(updated.body)).not.toContain('xoxb-2-new-token');
    const later = nextTs();
    await client
      .event({
        type: 'app_mention',
        channel: 'CREVOKED00',
        user: 'UALICE',
        text: `<@UBOT> ${REFUND_QUESTION}`,
        ts: later,
      })
      .expect(200);
    const [answer] = await waitForPost('CREVOKED00', later);
    expect(answer.token).toBe('xoxb-2-new-token');
  });
});
