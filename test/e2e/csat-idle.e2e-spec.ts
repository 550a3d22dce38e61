import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Conversation, Message, WorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { plainTextEmail, postInboundEmail } from '../support/inbound-email';
import { SmtpSink } from '../support/smtp-sink';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { addKnowledge, createWorkspace } from '../support/widget-client';

const SUPPORT = 'help@idle-mail.test';
const CUSTOMER = 'kim@customer.test';
const HOUR = 3_600_000;

/** An e-mail conversation the bot answered and the customer then left: the worker's idle sweep asks for a rating. */
describe('CSAT for a bot-only e-mail conversation that goes idle', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let sink: SmtpSink;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;
  let inbox: { publicKey: string };
  let webhookSecret: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    environment = await createTestEnvironment('csat_idle', {
      SMTP_OUTBOUND_URL: sink.url,
      EMAIL_DOMAIN: 'sb.test',
      CSAT_IDLE_MINUTES: '30',
      CSAT_IDLE_SWEEP_INTERVAL_MS: '200',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Idle shop', { confidenceThreshold: 0.3 });
    workspaceId = workspace.id;
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Support mail', channel: 'email', settings: { address: SUPPORT, fromName: 'Shop Support' } })
      .expect(201);
    inbox = created.body.inbox;
    webhookSecret = created.body.webhookSecret;
    await addKnowledge(api, workspace.auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        url: 'https://help.example.com/refunds',
        text: '# Refunds\n\nYou can return unworn shoes within 30 days of delivery for a full refund. Refunds reach your card within five working days.',
      },
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await sink?.close();
  });

  /** The customer's question by e-mail; resolves with its conversation once the bot's answer went out. */
  async function answeredQuestion(): Promise<string> {
    const raw = plainTextEmail({
      from: `Kim <${CUSTOMER}>`,
      to: SUPPORT,
      subject: 'Refund',
      messageId: 'idle-1@customer.test',
      body: 'How long does a refund take to reach my card?',
    });
    await postInboundEmail(api, { publicKey: inbox.publicKey, webhookSecret }, raw);
    const answer = await sink.next(
      (mail) => mail.recipients.includes(CUSTOMER) && (mail.parsed.text ?? '').includes('five working days'),
      'the bot answer',
    );
    expect(answer.parsed.text).not.toMatch(/csat\?token=/);
    // Sent and recorded: nothing of the turn touches the conversation after this.
    const sent = await eventually(
      async () =>
        (await dataSource
          .getRepository(Message)
          .findOneBy({ workspaceId, author: 'bot', kind: 'answer', deliveryStatus: 'sent' })) ?? undefined,
      { what: 'the answer marked sent' },
    );
    return sent.conversationId;
  }

  it('resolves the conversation once nothing was said for CSAT_IDLE_MINUTES and mails the customer a rating link', async () => {
    const conversationId = await answeredQuestion();
    const conversations = dataSource.getRepository(Conversation);
    expect(await conversations.findOneByOrFail({ id: conversationId })).toMatchObject({ owner: 'bot' });

    // The customer went quiet two hours ago.
    await conversations.update(conversationId, { lastActivityAt: new Date(Date.now() - 2 * HOUR) });

    const asked = await sink.next(
      (mail) => mail.recipients.includes(CUSTOMER) && /\/csat\?token=/.test(mail.parsed.text ?? ''),
      'the rating request',
    );
    expect(asked.parsed.text).toMatch(/How did we do\?/);
    expect(asked.header('References')).toContain('<idle-1@customer.test>');
    const ended = await conversations.findOneByOrFail({ id: conversationId });
    expect(ended.owner).toBe('resolved');
    expect(ended.ratingRequestedAt).not.toBeNull();

    const link = new URL(/https?:\/\/\S+\/csat\?token=\S+/.exec(asked.parsed.text ?? '')?.[0] ?? '');
    const path = `${link.pathname}${link.search}`;
    await request(api.url).get(path).expect(200);
    const thanks = await request(api.url)
      .post(path)
      .type('form')
      .send({ score: '4', comment: 'Quick answer' })
      .expect(200);
    expect(thanks.text).toContain('You rated this conversation 4 out of 5.');

    const requests = await dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m."conversationId" = :conversationId', { conversationId })
      .andWhere(`m.metadata ? 'csatRequest'`)
      .getCount();
    expect(requests).toBe(1);
  });
});
