import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { OpenAiDouble } from '@switchboard/llm/testing';
import { eventually } from '../support/eventually';
import { SlackDouble, SlackWorkspaceClient } from '../support/slack-double';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { addKnowledge, createWorkspace } from '../support/widget-client';

const SIGNING_SECRET = 'slackStreamingSigningSecret42';
const LONG_ANSWER =
  'You can return unworn shoes within 30 days of delivery for a full refund, and the refund reaches your card ' +
  'within five working days of the parcel arriving at our warehouse, whichever shop you bought them from [1].';

/** A model that writes slowly: Slack shows the answer as it is written, then the final message replaces it. */
describe('slack: long answers appear progressively', () => {
  let slack: SlackDouble;
  let llm: OpenAiDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let client: SlackWorkspaceClient;

  beforeAll(async () => {
    slack = new SlackDouble();
    await slack.start();
    llm = await OpenAiDouble.start({
      respond: (body) =>
        JSON.stringify(body.messages[0]?.content ?? '').includes('check answers for grounding')
          ? { text: '{"grounded": true}', firstTokenDelayMs: 0, tokenIntervalMs: 0 }
          : { text: LONG_ANSWER },
      // About 50 tokens at 60 ms: three seconds of writing.
      tokenIntervalMs: 60,
    });
    environment = await createTestEnvironment('slack-stream', {
      SLACK_API_URL: slack.apiUrl,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      LLM_TIMEOUT_MS: '5000',
      LLM_DEADLINE_MS: '15000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Streaming shoes', { confidenceThreshold: 0.2 });
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({
        name: 'Staff Slack',
        channel: 'slack',
        slack: { botToken: 'xoxb-stream', signingSecret: SIGNING_SECRET },
      })
      .expect(201);
    client = new SlackWorkspaceClient(api, created.body.inbox.publicKey, SIGNING_SECRET);
    await addKnowledge(api, workspace.auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        url: 'https://help.example.com/refunds',
        text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
      },
    ]);
  });

  // Every call the product made is one Slack and OpenAI would take, and every answer it got is in their documented shapes.
  afterEach(() => {
    expect(slack.refusals).toEqual([]);
    expect(slack.violations).toEqual([]);
    expect(llm.problems).toEqual([]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await llm?.close();
    await slack?.stop();
  });

  it('posts the answer while it is written, edits it, and ends with the full answer and its buttons', async () => {
    const ts = '1720000000.000100';
    await client
      .event({
        type: 'app_mention',
        channel: 'CSTREAM000',
        user: 'UALICE',
        text: '<@UBOT> How long do refunds for returned shoes take to reach my card?',
        ts,
      })
      .expect(200);
    const inThread = (method: string) => slack.callsOf(method, (call) => call.args.thread_ts === ts);
    const final = await eventually(
      () => slack.callsOf('chat.update', (call) => Array.isArray(call.args.blocks)).find(Boolean),
      { what: 'the final answer replacing the draft', timeoutMs: 30_000 },
    );
    const [draft, ...morePosts] = inThread('chat.postMessage');
    expect(morePosts).toHaveLength(0);
    expect(String(draft.args.text)).toMatch(/…$/);
    expect(LONG_ANSWER.startsWith(String(draft.args.text).replace(/ …$/, '').trim())).toBe(true);
    // The final edit replaces that same message, with the whole answer, its source and the buttons.
    expect(final.args.ts).toBe(draft.ts);
    expect(JSON.stringify(final.args.blocks)).toContain('https://help.example.com/refunds');
    expect(JSON.stringify(final.args.blocks)).toContain('sb_ask_human');
    expect(String(final.args.text)).toContain('five working days');
    // In between, the draft grew at a pace Slack allows.
    const edits = slack.callsOf('chat.update', (call) => call.args.ts === draft.ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
  });
});
