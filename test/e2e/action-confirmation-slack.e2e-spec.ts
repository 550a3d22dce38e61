import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Conversation, Message, WorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MockBusinessApi } from '../support/mock-business-api';
import { declareActions, shopActions } from '../support/shop-actions';
import { eventually } from '../support/eventually';
import { SlackCall, SlackDouble, SlackWorkspaceClient } from '../support/slack-double';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWorkspace } from '../support/widget-client';

const BOT_TOKEN = 'xoxb-1-confirm-token';
const SIGNING_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const CHANNEL = 'CDEVICES00';

type Block = { type: string; block_id?: string; elements?: Array<Record<string, unknown>> };
const blocksOf = (call: SlackCall): Block[] => (call.args.blocks ?? []) as Block[];
const buttonOf = (call: SlackCall, actionId: string): Record<string, unknown> | undefined =>
  blocksOf(call)
    .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
    .find((element) => element.action_id === actionId);

describe('action confirmation in Slack', () => {
  let slack: SlackDouble;
  let business: MockBusinessApi;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;
  let client: SlackWorkspaceClient;
  let tsCounter = 0;
  const nextTs = () => `1720000${String(++tsCounter).padStart(3, '0')}.000001`;

  const waitForPosts = (threadTs: string, count: number) =>
    eventually(() => slack.postsIn(CHANNEL, threadTs).length >= count && slack.postsIn(CHANNEL, threadTs), {
      what: `${count} post(s) in ${CHANNEL}/${threadTs}`,
    });

  /** Asks the bot in a new thread and returns its answer (the request to confirm). */
  const ask = async (text: string): Promise<{ ts: string; question: SlackCall }> => {
    const ts = nextTs();
    await client
      .event({ type: 'app_mention', channel: CHANNEL, user: 'UALICE', text: `<@UBOT> ${text}`, ts })
      .expect(200);
    const [question] = await waitForPosts(ts, 1);
    return { ts, question };
  };

  const press = (question: SlackCall, actionId: string, headers: Record<string, string> = {}) =>
    client.press(
      {
        user: 'UALICE',
        channel: CHANNEL,
        messageTs: String(question.ts),
        actionId,
        value: String(buttonOf(question, actionId)?.value),
        messageBlocks: question.args.blocks,
      },
      headers,
    );

  const customerMessagesOf = async (threadTs: string): Promise<string[]> => {
    const conversation = await dataSource
      .getRepository(Conversation)
      .findOneByOrFail({ workspaceId, externalThreadId: `${CHANNEL}:${threadTs}` });
    const messages = await dataSource
      .getRepository(Message)
      .find({ where: { conversationId: conversation.id, author: 'contact' }, order: { createdAt: 'ASC' } });
    return messages.map((message) => message.content);
  };

  beforeAll(async () => {
    slack = new SlackDouble();
    await slack.start();
    business = new MockBusinessApi();
    await business.start();
    environment = await createTestEnvironment('slack_confirm', {
      SLACK_API_URL: slack.apiUrl,
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Devices');
    workspaceId = workspace.id;
    // Slack proves no customer identity: only an action without identity parameters can run there.
    await declareActions(
      api,
      workspace.auth,
      shopActions(business.origin).filter((action) => action.name === 'restart_device'),
    );
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
    await business?.stop();
  });

  it('asks to confirm a side effect with Yes / No buttons, and a signed Yes press calls the action once', async () => {
    const { ts, question } = await ask('Please restart device DEV-1234');
    expect(String(question.args.text)).toContain('Please confirm: restart device (device id DEV-1234)');
    expect(buttonOf(question, 'sb_confirm_yes')).toMatchObject({ text: { text: 'Yes' } });
    expect(buttonOf(question, 'sb_confirm_no')).toMatchObject({ text: { text: 'No' } });
    expect(business.requestsTo('/devices/DEV-1234/restart')).toHaveLength(0);

    await press(question, 'sb_confirm_yes').expect(200);

    const [, done] = await waitForPosts(ts, 2);
    expect(String(done.args.text)).toMatch(/restarting/i);
    expect(business.requestsTo('/devices/DEV-1234/restart')).toHaveLength(1);
    expect(await customerMessagesOf(ts)).toEqual(['Please restart device DEV-1234', 'Yes']);
    // The pressed question loses its buttons and says who answered.
    const [update] = await eventually(() => {
      const updates = slack.callsOf('chat.update', (call) => call.args.ts === question.ts);
      return updates.length > 0 && updates;
    });
    expect(buttonOf(update, 'sb_confirm_yes')).toBeUndefined();
    expect(JSON.stringify(update.args.blocks)).toContain('<@UALICE> answered *Yes*');
  });

  it('refuses a press with a bad signature with 401 and calls nothing', async () => {
    const { ts, question } = await ask('Please restart device DEV-5678');
    expect(buttonOf(question, 'sb_confirm_yes')).toBeDefined();

    await press(question, 'sb_confirm_yes', { 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }).expect(401);
    // A signed No afterwards is the first answer the conversation gets: the forged Yes never reached it.
    await press(question, 'sb_confirm_no').expect(200);

    const [, declined] = await waitForPosts(ts, 2);
    expect(String(declined.args.text)).toMatch(/haven't done anything/i);
    expect(await customerMessagesOf(ts)).toEqual(['Please restart device DEV-5678', 'No']);
    expect(business.requestsTo('/devices/DEV-5678/restart')).toHaveLength(0);
  });

  it('ignores Yes on an older request once a newer one is asked in the thread: only the newest can be confirmed', async () => {
    const { ts, question: older } = await ask('Please restart device DEV-1111');
    await client
      .event({
        type: 'message',
        channel: CHANNEL,
        channel_type: 'channel',
        user: 'UALICE',
        text: 'Please restart device DEV-2222',
        ts: nextTs(),
        thread_ts: ts,
      })
      .expect(200);
    const [, newer] = await waitForPosts(ts, 2);
    expect(String(newer.args.text)).toContain('(device id DEV-2222)');

    await press(older, 'sb_confirm_yes').expect(200);
    await press(newer, 'sb_confirm_yes').expect(200);

    const [, , done] = await waitForPosts(ts, 3);
    expect(String(done.args.text)).toContain('DEV-2222');
    expect(await customerMessagesOf(ts)).toEqual([
      'Please restart device DEV-1111',
      'Please restart device DEV-2222',
      'Yes',
    ]);
    expect(business.requestsTo('/devices/DEV-1111/restart')).toHaveLength(0);
    expect(business.requestsTo('/devices/DEV-2222/restart')).toHaveLength(1);
  });
});
