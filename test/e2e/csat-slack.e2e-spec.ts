import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Conversation, Message, WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { SlackCall, SlackDouble, SlackWorkspaceClient } from '../support/slack-double';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWorkspace } from '../support/widget-client';

const BOT_TOKEN = 'xoxb-1-csat-token';
const SIGNING_SECRET = 'a0b1c2d3e4f5968778695a4b3c2d1e0f';
const CHANNEL = 'CCSAT00001';
const ADMIN = { name: 'Sam Admin', email: 'sam@csat-slack.test', password: 'a long enough password', role: 'admin' };
const DAY = 86_400_000;

type Block = { type: string; block_id?: string; elements?: Array<Record<string, unknown>> };
const blocksOf = (call: SlackCall): Block[] => (call.args.blocks ?? []) as Block[];
const buttonsOf = (call: SlackCall): Array<Record<string, unknown>> =>
  blocksOf(call).flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));

describe('CSAT in Slack: 1-5 buttons on the rating request', () => {
  let slack: SlackDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;
  let client: SlackWorkspaceClient;
  let adminId: string;
  let adminToken: string;
  let tsCounter = 0;
  const nextTs = () => `1730000${String(++tsCounter).padStart(3, '0')}.000001`;

  beforeAll(async () => {
    slack = new SlackDouble();
    await slack.start();
    environment = await createTestEnvironment('csat_slack', { SLACK_API_URL: slack.apiUrl });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Slack shop', { confidenceThreshold: 0.99 });
    workspaceId = workspace.id;
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({
        name: 'Staff Slack',
        channel: 'slack',
        slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
        settings: { mode: 'mention' },
      })
      .expect(201);
    client = new SlackWorkspaceClient(api, created.body.inbox.publicKey, SIGNING_SECRET);
    adminId = (await request(api.url).post('/v1/agents').set('Authorization', workspace.auth).send(ADMIN).expect(201))
      .body.id;
    adminToken = (
      await request(api.url)
        .post('/v1/console/login')
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200)
    ).body.token;
  });

  // Every call the product made is one Slack would take (blocks included), in Slack's documented shapes.
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

  const consoleCall = (method: 'get' | 'post', path: string) =>
    request(api.url)[method](`/v1/console/${path}`).set('Authorization', `Bearer ${adminToken}`);

  /** A question the bot cannot answer opens a ticket; the admin resolves it; returns the rating request's post. */
  async function ratingRequestInNewThread(): Promise<{ conversationId: string; ask: SlackCall }> {
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: CHANNEL, user: 'UALICE', text: '<@UBOT> my laptop bag strap tore', ts })
      .expect(200);
    const conversation = await eventually(
      async () =>
        (await dataSource
          .getRepository(Conversation)
          .findOneBy({ workspaceId, externalThreadId: `${CHANNEL}:${ts}` })) ?? undefined,
      { what: 'the Slack conversation' },
    );
    const tickets = api.app.get(TicketsService);
    const [ticket] = await eventually(
      async () => {
        const found = await tickets.list(workspaceId, { conversationId: conversation.id });
        return found.length > 0 && found;
      },
      { what: 'the ticket' },
    );
    await consoleCall('post', `tickets/${ticket.id}/claim`).send({}).expect(200);
    await consoleCall('post', `tickets/${ticket.id}/resolve`).send({}).expect(200);
    const ask = await eventually(
      () => slack.postsIn(CHANNEL, ts).find((post) => buttonsOf(post).some((b) => b.action_id === 'sb_csat_1')),
      { what: 'the rating request in the thread' },
    );
    return { conversationId: conversation.id, ask };
  }

  const press = (ask: SlackCall, score: number, headers: Record<string, string> = {}) => {
    const button = buttonsOf(ask).find((candidate) => candidate.action_id === `sb_csat_${score}`);
    return client.press(
      {
        user: 'UALICE',
        channel: CHANNEL,
        messageTs: String(ask.ts),
        actionId: `sb_csat_${score}`,
        value: String(button?.value),
        messageBlocks: ask.args.blocks,
      },
      headers,
    );
  };
  const ratingOf = async (conversationId: string) =>
    (await consoleCall('get', `conversations/${conversationId}/csat`).expect(200)).body.rating;

  it('posts 1-5 buttons when the ticket is resolved; a press rates for the agent, a later press changes it', async () => {
    const { conversationId, ask } = await ratingRequestInNewThread();
    expect(String(ask.args.text)).toMatch(/rate this conversation/);
    expect(buttonsOf(ask).map((button) => button.action_id)).toEqual([1, 2, 3, 4, 5].map((n) => `sb_csat_${n}`));

    await press(ask, 4).expect(200);
    await eventually(async () => (await ratingOf(conversationId))?.score === 4, { what: 'the rating of 4' });
    expect(await ratingOf(conversationId)).toMatchObject({ channel: 'slack', agentId: adminId, comment: null });
    const update = await eventually(() => slack.callsOf('chat.update', (call) => call.args.ts === ask.ts).at(-1), {
      what: 'the rated message',
    });
    expect(JSON.stringify(update.args.blocks)).toContain('<@UALICE> rated this conversation *4/5*');
    expect(buttonsOf(update)).toHaveLength(5);

    await press(ask, 2).expect(200);
    await eventually(async () => (await ratingOf(conversationId))?.score === 2, { what: 'the changed rating' });
  });

  it('ignores a press with a bad signature (401)', async () => {
    const { conversationId, ask } = await ratingRequestInNewThread();
    await press(ask, 5, { 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }).expect(401);
    // A signed press afterwards is the first rating: the forged one never reached the conversation.
    await press(ask, 3).expect(200);
    const rating = await eventually(
      async () => {
        const stored = await ratingOf(conversationId);
        return stored?.score === 3 && stored;
      },
      { what: 'the signed rating' },
    );
    // Written once: a forged 5 stored first would have made this a change.
    expect(rating.updatedAt).toBe(rating.submittedAt);
  });

  it('tells the presser, and changes nothing, once the window has closed', async () => {
    const { conversationId, ask } = await ratingRequestInNewThread();
    await press(ask, 5).expect(200);
    await eventually(async () => (await ratingOf(conversationId))?.score === 5, { what: 'the first rating' });
    const [request] = await dataSource
      .getRepository(Message)
      .find({ where: { conversationId, author: 'bot' }, order: { createdAt: 'DESC' }, take: 1 });
    await dataSource.getRepository(Message).update({ id: request.id }, { createdAt: new Date(Date.now() - 8 * DAY) });

    await press(ask, 1).expect(200);
    const notice = await eventually(
      () => slack.callsOf('chat.postEphemeral', (call) => /time to rate/.test(String(call.args.text))).at(0),
      { what: 'the ephemeral notice' },
    );
    expect(notice.args).toMatchObject({ channel: CHANNEL, user: 'UALICE' });
    expect((await ratingOf(conversationId)).score).toBe(5);
  });
});
