import { INestApplicationContext } from '@nestjs/common';
import { CsatService } from '@switchboard/csat';
import { WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { plainTextEmail, postInboundEmail } from '../support/inbound-email';
import { SmtpSink } from '../support/smtp-sink';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWorkspace } from '../support/widget-client';

const SUPPORT = 'help@csat-mail.test';
const ADMIN = { name: 'Mia Admin', email: 'mia@csat-mail.test', password: 'a long enough password', role: 'admin' };
const DAY = 86_400_000;

describe('CSAT by e-mail: the signed link and its page', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let sink: SmtpSink;
  let workspaceId: WorkspaceId;
  let adminId: string;
  let adminToken: string;
  let inbox: { publicKey: string };
  let webhookSecret: string;
  let sequence = 0;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    environment = await createTestEnvironment('csat_email', { SMTP_OUTBOUND_URL: sink.url, EMAIL_DOMAIN: 'sb.test' });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Mail shop', { confidenceThreshold: 0.9 });
    workspaceId = workspace.id;
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Support mail', channel: 'email', settings: { address: SUPPORT, fromName: 'Shop Support' } })
      .expect(201);
    inbox = created.body.inbox;
    webhookSecret = created.body.webhookSecret;
    adminId = (await request(api.url).post('/v1/agents').set('Authorization', workspace.auth).send(ADMIN).expect(201))
      .body.id;
    adminToken = (
      await request(api.url)
        .post('/v1/console/login')
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200)
    ).body.token;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await sink?.close();
  });

  const consoleCall = (method: 'get' | 'post', path: string) =>
    request(api.url)[method](`/v1/console/${path}`).set('Authorization', `Bearer ${adminToken}`);

  /** Tickets an earlier test already resolved. */
  const handled = new Set<string>();

  /** A customer e-mails in; nobody can answer, so a ticket opens; the admin resolves it. Returns the rating mail's link. */
  async function resolvedMailConversation(): Promise<{ conversationId: string; link: string }> {
    const from = `customer${++sequence}@customer.test`;
    const raw = plainTextEmail({
      from: `Customer ${sequence} <${from}>`,
      to: SUPPORT,
      subject: `Broken zipper ${sequence}`,
      messageId: `csat-${sequence}@customer.test`,
      body: 'The zipper of the jacket I bought broke after a week, can someone help me?',
    });
    await postInboundEmail(api, { publicKey: inbox.publicKey, webhookSecret }, raw);
    const tickets = api.app.get(TicketsService);
    const ticket = await eventually(
      async () => (await tickets.list(workspaceId)).find((candidate) => !handled.has(candidate.id)),
      { what: `the ticket of ${from}` },
    );
    handled.add(ticket.id);
    await consoleCall('post', `tickets/${ticket.id}/claim`).send({}).expect(200);
    await consoleCall('post', `tickets/${ticket.id}/resolve`).send({}).expect(200);
    const mail = await sink.next(
      (candidate) => candidate.recipients.includes(from) && /\/csat\?token=/.test(candidate.parsed.text ?? ''),
      `the rating request to ${from}`,
    );
    expect(mail.parsed.text).toMatch(/How did we do\?/);
    const link = new URL(/https?:\/\/\S+\/csat\?token=\S+/.exec(mail.parsed.text ?? '')?.[0] ?? '');
    return { conversationId: ticket.conversationId, link: `${link.pathname}${link.search}` };
  }
  const ratingOf = async (conversationId: string) =>
    (await consoleCall('get', `conversations/${conversationId}/csat`).expect(200)).body.rating;

  it('mails a signed link whose page, without JavaScript, rates the conversation and then changes the rating', async () => {
    const { conversationId, link } = await resolvedMailConversation();

    const page = await request(api.url).get(link).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).not.toContain('<script');
    expect(page.text).toMatch(/<form method="post" action="[^"]+">/);
    expect(page.text.match(/type="radio" name="score"/g)).toHaveLength(5);

    const thanks = await request(api.url)
      .post(link)
      .type('form')
      .send({ score: '5', comment: 'Replaced <the> zipper fast' })
      .expect(200);
    expect(thanks.text).toContain('You rated this conversation 5 out of 5.');
    expect(thanks.text).toContain('Replaced &#60;the&#62; zipper fast');
    expect(await ratingOf(conversationId)).toMatchObject({
      score: 5,
      comment: 'Replaced <the> zipper fast',
      channel: 'email',
      agentId: adminId,
    });

    const reopened = await request(api.url).get(link).expect(200);
    expect(reopened.text).toContain('value="5" required checked');
    await request(api.url).post(link).type('form').send({ score: '2', comment: '' }).expect(200);
    expect(await ratingOf(conversationId)).toMatchObject({ score: 2, comment: null, channel: 'email' });
  });

  it('answers a tampered link with a 400 page and an expired one with a 410 page, rating nothing', async () => {
    const { conversationId, link } = await resolvedMailConversation();
    const [payload, signature] = link.slice('/csat?token='.length).split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const tampered = `/csat?token=${payload}.${flipped}`;

    const refused = await request(api.url).get(tampered).expect(400);
    expect(refused.text).toContain('This link is not valid');
    await request(api.url).post(tampered).type('form').send({ score: '1' }).expect(400);
    await request(api.url).get('/csat?token=not-a-link').expect(400);
    await request(api.url).get('/csat').expect(400);

    const expired = api.app
      .get(CsatService)
      .linkUrl(workspaceId, conversationId, adminId, new Date(Date.now() - 8 * DAY));
    const expiredPath = `/csat${new URL(expired).search}`;
    const gone = await request(api.url).get(expiredPath).expect(410);
    expect(gone.text).toContain('This link has expired');
    await request(api.url).post(expiredPath).type('form').send({ score: '1' }).expect(410);
    expect(await ratingOf(conversationId)).toBeNull();
  });

  it('shows the form again with the reason for a score outside 1-5, storing nothing', async () => {
    const { conversationId, link } = await resolvedMailConversation();
    const bad = await request(api.url).post(link).type('form').send({ score: '9', comment: 'keep me' }).expect(400);
    expect(bad.text).toContain('score must be a whole number from 1 to 5');
    expect(bad.text).toContain('>keep me</textarea>');
    await request(api.url).post(link).type('form').send({ comment: 'no score' }).expect(400);
    expect(await ratingOf(conversationId)).toBeNull();
  });
});
