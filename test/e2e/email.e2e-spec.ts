import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Conversation, Message, PlainMessageMetadata, WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { SmtpSink, SunkMail } from '../support/smtp-sink';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { addKnowledge, createWorkspace } from '../support/widget-client';

const SUPPORT = 'support@acme.test';
const ACKNOWLEDGEMENT = 'Thanks for writing: a colleague will answer this e-mail shortly.';
const AGENT = { email: 'ravi@acme.test', name: 'Ravi', password: 'a long enough password', role: 'agent' };
// Over eight words each, like the widget tests, so the answer service searches the question alone.
const REFUND_QUESTION = 'When will the refund for my returned shoes reach my card?';
const SHIPPING_QUESTION = 'How many working days does standard shipping take to arrive?';
const UNCOVERED = 'What is the warranty on my espresso machine?';

interface Swaks {
  code: number;
  output: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('e-mail channel', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let sink: SmtpSink;
  let smtpPort: number;
  let workDir: string;
  let workspaceId: WorkspaceId;
  let auth: string;
  let inbox: { id: string; publicKey: string };
  let webhookSecret: string;
  let dataSource: DataSource;
  let sequence = 0;

  /** Delivers raw MIME to the api's SMTP listener with Debian's swaks. */
  const swaks = async (from: string, raw: string, to = SUPPORT): Promise<Swaks> => {
    const file = join(workDir, `mail-${++sequence}.eml`);
    await writeFile(file, raw.replace(/\r?\n/g, '\r\n'));
    return new Promise((resolve) => {
      execFile(
        'swaks',
        ['--server', '127.0.0.1', '--port', String(smtpPort), '--from', from, '--to', to, '--data', `@${file}`],
        { timeout: 30_000 },
        (error, stdout, stderr) => {
          const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
          resolve({ code, output: `${stdout}${stderr}` });
        },
      );
    });
  };
  const mail = (headers: Record<string, string>, body: string, from = 'jane@customer.test'): string =>
    [
      `From: Jane Doe <${from}>`,
      `To: ${SUPPORT}`,
      'Date: Thu, 26 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      '',
      body,
      '',
    ].join('\n');
  const messagesWithId = (clientMessageId: string) =>
    dataSource.getRepository(Message).find({ where: { workspaceId, clientMessageId } });
  // A customer's message: its metadata is a plain message's.
  const storedMessage = (clientMessageId: string) =>
    eventually(
      async () =>
        (await messagesWithId(clientMessageId))[0] as (Message & { metadata: PlainMessageMetadata }) | undefined,
      { what: `message ${clientMessageId}` },
    );
  const answerTo = (messageId: string) =>
    sink.next((m) => m.header('In-Reply-To') === messageId, `the reply to ${messageId}`);
  const sbMessageId = /^<sb\.[0-9a-f-]{36}\.[0-9a-f]{32}@sb\.test>$/;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    smtpPort = await freePort();
    workDir = await mkdtemp(join(tmpdir(), 'sb-email-'));
    environment = await createTestEnvironment('email', {
      SMTP_PORT: String(smtpPort),
      SMTP_OUTBOUND_URL: sink.url,
      EMAIL_DOMAIN: 'sb.test',
      EMAIL_BOT_ANSWERS_PER_HOUR: '4',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Acme', { confidenceThreshold: 0.3 });
    workspaceId = workspace.id;
    auth = workspace.auth;
    const created = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({
        name: 'Support mail',
        channel: 'email',
        settings: { address: SUPPORT, fromName: 'Acme Support', acknowledgement: ACKNOWLEDGEMENT },
      })
      .expect(201);
    inbox = created.body.inbox;
    webhookSecret = created.body.webhookSecret;
    expect(webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    await request(api.url).post('/v1/agents').set('Authorization', auth).send(AGENT).expect(201);
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
        url: 'https://help.example.com/shipping',
        text: '# Shipping\n\nStandard shipping takes three to five working days. Express shipping arrives the next working day.',
      },
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await sink?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  let answer: SunkMail;
  let conversationId: string;

  it('answers a question sent over SMTP by e-mail, threaded, with its sources in a text and an HTML part', async () => {
    const sent = await swaks(
      'jane@customer.test',
      mail(
        { Subject: 'Refund', 'Message-ID': '<q1@customer.test>' },
        `${REFUND_QUESTION}\n\n-- \nJane Doe\nCustomer Ltd`,
      ),
    );
    expect(sent.code).toBe(0);
    const question = await storedMessage('<q1@customer.test>');
    expect(question.content).toBe(REFUND_QUESTION);
    conversationId = question.conversationId;

    answer = await answerTo('<q1@customer.test>');
    expect(answer.recipients).toEqual(['jane@customer.test']);
    expect(answer.parsed.from?.value[0]).toEqual({ address: SUPPORT, name: 'Acme Support' });
    expect(answer.parsed.subject).toBe('Re: Refund');
    expect(answer.header('Message-ID')).toMatch(sbMessageId);
    expect(answer.header('References')).toBe('<q1@customer.test>');
    expect(answer.header('Auto-Submitted')).toBe('auto-replied');
    const token = conversationId.replace(/-/g, '');
    expect(answer.parsed.replyTo?.value[0]?.address).toBe(`support+c${token}@acme.test`);
    expect(answer.header('Message-ID')).toContain(`.${token}@`);
    expect(answer.parsed.text).toContain('five working days');
    expect(answer.parsed.text).toContain('https://help.example.com/refunds');
    expect(answer.parsed.html).toContain('<a href="https://help.example.com/refunds">Refunds</a>');

    const stored = await eventually(
      async () =>
        (await dataSource.getRepository(Message).find({ where: { workspaceId, conversationId, author: 'bot' } })).find(
          (m) => m.deliveryStatus === 'sent',
        ),
      { what: 'the answer marked sent' },
    );
    expect(stored.metadata.externalId).toBe(answer.header('Message-ID'));
  });

  it('joins a reply to its conversation by In-Reply-To, and by the reply address when headers are gone', async () => {
    const reply = await swaks(
      'jane@customer.test',
      mail(
        {
          Subject: 'Re: Refund',
          'Message-ID': '<q2@customer.test>',
          'In-Reply-To': answer.header('Message-ID'),
          References: `<q1@customer.test> ${answer.header('Message-ID')}`,
        },
        `Thanks! ${SHIPPING_QUESTION}\n\nOn Thu, 26 Nov 2026, Acme Support <${SUPPORT}> wrote:\n> Refunds reach your card`,
      ),
    );
    expect(reply.code).toBe(0);
    const second = await storedMessage('<q2@customer.test>');
    expect(second.conversationId).toBe(conversationId);
    expect(second.content).toBe(`Thanks! ${SHIPPING_QUESTION}`);
    const secondAnswer = await answerTo('<q2@customer.test>');
    expect(secondAnswer.parsed.subject).toBe('Re: Refund');
    expect(secondAnswer.header('References')).toBe(
      `<q1@customer.test> ${answer.header('Message-ID')} <q2@customer.test>`,
    );
    expect(secondAnswer.parsed.text).toContain('https://help.example.com/shipping');

    const replyAddress = answer.parsed.replyTo?.value[0]?.address ?? '';
    const bare = await swaks(
      'jane@customer.test',
      mail({ Subject: 'one more', 'Message-ID': '<q3@customer.test>', To: replyAddress }, SHIPPING_QUESTION),
      replyAddress,
    );
    expect(bare.code).toBe(0);
    expect((await storedMessage('<q3@customer.test>')).conversationId).toBe(conversationId);

    const fresh = await swaks(
      'jane@customer.test',
      mail({ Subject: 'Another topic', 'Message-ID': '<q4@customer.test>' }, SHIPPING_QUESTION),
    );
    expect(fresh.code).toBe(0);
    expect((await storedMessage('<q4@customer.test>')).conversationId).not.toBe(conversationId);
  });

  it('stores a repeated Message-ID once and answers auto-replies and list mail with nothing', async () => {
    const repeated = mail(
      { Subject: 'Refund again', 'Message-ID': '<dup@customer.test>' },
      REFUND_QUESTION,
      'dup@customer.test',
    );
    expect((await swaks('dup@customer.test', repeated)).code).toBe(0);
    expect((await swaks('dup@customer.test', repeated)).code).toBe(0);
    const autoReply = mail(
      { Subject: 'Out of office', 'Message-ID': '<ooo@customer.test>', 'Auto-Submitted': 'auto-replied' },
      REFUND_QUESTION,
      'ooo@customer.test',
    );
    expect((await swaks('ooo@customer.test', autoReply)).code).toBe(0);
    const list = mail(
      { Subject: 'Newsletter', 'Message-ID': '<list@customer.test>', 'List-Id': '<news.customer.test>' },
      REFUND_QUESTION,
      'news@customer.test',
    );
    expect((await swaks('news@customer.test', list)).code).toBe(0);
    const stored = await storedMessage('<ooo@customer.test>');
    expect(stored.metadata.email).toMatchObject({ automated: 'auto_reply' });
    expect((await storedMessage('<list@customer.test>')).metadata.email).toMatchObject({ automated: 'mailing_list' });

    // The duplicate's answer is sent after the auto-reply was stored: waiting for it lets any wrong answer arrive too.
    await answerTo('<dup@customer.test>');
    const sentinel = mail(
      { Subject: 'Late', 'Message-ID': '<late@customer.test>' },
      REFUND_QUESTION,
      'late@customer.test',
    );
    expect((await swaks('late@customer.test', sentinel)).code).toBe(0);
    await answerTo('<late@customer.test>');
    expect(await messagesWithId('<dup@customer.test>')).toHaveLength(1);
    expect(sink.mails.filter((m) => m.header('In-Reply-To') === '<dup@customer.test>')).toHaveLength(1);
    expect(sink.to('ooo@customer.test')).toEqual([]);
    expect(sink.to('news@customer.test')).toEqual([]);
  });

  it('opens a ticket for an uncertain question, acknowledges it, and mails the agent reply in the same thread', async () => {
    const sent = await swaks(
      'sam@customer.test',
      mail({ Subject: 'Warranty', 'Message-ID': '<w1@customer.test>' }, UNCOVERED, 'sam@customer.test'),
    );
    expect(sent.code).toBe(0);
    const question = await storedMessage('<w1@customer.test>');
    const acknowledgement = await answerTo('<w1@customer.test>');
    expect(acknowledgement.parsed.text?.trim()).toBe(ACKNOWLEDGEMENT);
    const tickets = await api.app.get(TicketsService).list(workspaceId, { conversationId: question.conversationId });
    expect(tickets).toEqual([expect.objectContaining({ reason: 'low_confidence', status: 'open' })]);

    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: AGENT.email, password: AGENT.password })
      .expect(200);
    const agent = `Bearer ${login.body.token}`;
    await request(api.url).post(`/v1/console/tickets/${tickets[0]?.id}/claim`).set('Authorization', agent).expect(200);
    await request(api.url)
      .post(`/v1/console/conversations/${question.conversationId}/messages`)
      .set('Authorization', agent)
      .send({ content: 'Your espresso machine has a two-year warranty.' })
      .expect(201);
    const reply = await sink.next(
      (m) =>
        m.recipients.includes('sam@customer.test') && m.header('Message-ID') !== acknowledgement.header('Message-ID'),
      "the agent's reply",
    );
    expect(reply.parsed.text).toContain('two-year warranty');
    expect(reply.parsed.html).toContain('two-year warranty');
    expect(reply.parsed.subject).toBe('Re: Warranty');
    expect(reply.header('In-Reply-To')).toBe('<w1@customer.test>');
    expect(reply.header('Message-ID')).toMatch(sbMessageId);
    expect(reply.header('Auto-Submitted')).toBe('');
    const conversation = await dataSource
      .getRepository(Conversation)
      .findOneByOrFail({ id: question.conversationId, workspaceId });
    expect(conversation.owner).toBe('agent');
  });

  it('refuses malformed MIME with a clear SMTP error and keeps serving', async () => {
    const broken = await swaks(
      'bad@customer.test',
      'From: bad@customer.test\nContent-Type: multipart/mixed; boundary="nowhere"\n\njust text, no parts\n',
    );
    expect(broken.code).not.toBe(0);
    expect(broken.output).toMatch(/550 5\.6\.0 Malformed message: multipart boundary "nowhere" never occurs/);
    const unknown = await swaks(
      'bad@customer.test',
      mail({ 'Message-ID': '<x@customer.test>' }, 'hi'),
      'nobody@acme.test',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toMatch(/550 5\.1\.1/);
    const fine = await swaks(
      'ok@customer.test',
      mail({ 'Message-ID': '<ok@customer.test>' }, REFUND_QUESTION, 'ok@customer.test'),
    );
    expect(fine.code).toBe(0);
    await answerTo('<ok@customer.test>');
  });

  it('accepts raw MIME on the authenticated webhook', async () => {
    const raw = mail(
      { Subject: 'Via provider', 'Message-ID': '<hook@customer.test>' },
      REFUND_QUESTION,
      'hook@customer.test',
    );
    const url = `/v1/email/${inbox.publicKey}/inbound`;
    await request(api.url).post(url).set('Content-Type', 'message/rfc822').send(raw).expect(401);
    await request(api.url)
      .post(url)
      .set('Authorization', 'Bearer wrong')
      .set('Content-Type', 'message/rfc822')
      .send(raw)
      .expect(401);
    const accepted = await request(api.url)
      .post(url)
      .set('Authorization', `Bearer ${webhookSecret}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw)
      .expect(202);
    expect(accepted.body).toMatchObject({ status: 'stored', answering: true });
    const again = await request(api.url)
      .post(url)
      .set('Authorization', `Bearer ${webhookSecret}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw)
      .expect(202);
    expect(again.body).toMatchObject({ status: 'duplicate', messageId: accepted.body.messageId });
    const malformed = await request(api.url)
      .post(url)
      .set('Authorization', `Bearer ${webhookSecret}`)
      .set('Content-Type', 'message/rfc822')
      .send('not a mail')
      .expect(422);
    expect(malformed.body.message).toContain('Malformed message');
    await answerTo('<hook@customer.test>');
  });

  it('stores attachments within the size limit, marks bounced answers undeliverable and limits answers per contact', async () => {
    const hook = (raw: string) =>
      request(api.url)
        .post(`/v1/email/${inbox.publicKey}/inbound`)
        .set('Authorization', `Bearer ${webhookSecret}`)
        .set('Content-Type', 'message/rfc822')
        .send(raw.replace(/\r?\n/g, '\r\n'));
    const withAttachment = [
      'From: Ann <ann@customer.test>',
      `To: ${SUPPORT}`,
      'Subject: Receipt',
      'Message-ID: <att@customer.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="part"',
      '',
      '--part',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>${REFUND_QUESTION}</p><blockquote>old thread</blockquote>`,
      '--part',
      'Content-Type: application/pdf; name="receipt.pdf"',
      'Content-Disposition: attachment; filename="receipt.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 receipt').toString('base64'),
      '--part--',
      '',
    ].join('\n');
    await hook(withAttachment).expect(202);
    const stored = await storedMessage('<att@customer.test>');
    expect(stored.content).toBe(REFUND_QUESTION);
    const [attachment] = stored.metadata.attachments as Array<Record<string, unknown>>;
    expect(attachment).toMatchObject({ name: 'receipt.pdf', contentType: 'application/pdf', size: 16 });
    const blob = join(environment.dataDir, 'blobs', workspaceId, 'email-attachments', String(attachment?.blobKey));
    expect((await readFile(blob)).toString()).toBe('%PDF-1.4 receipt');

    const bounce = [
      'From: Mail Delivery System <mailer-daemon@customer.test>',
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce@customer.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; jane@customer.test',
      'Status: 5.1.1',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${answer.header('Message-ID')}`,
      '--r--',
      '',
    ].join('\n');
    expect((await hook(bounce).expect(202)).body).toEqual({ status: 'bounce', undeliverable: 1 });
    const bounced = await dataSource
      .getRepository(Message)
      .findOneByOrFail({ workspaceId, conversationId, author: 'bot', deliveryStatus: 'failed' });
    expect(bounced.metadata.externalId).toBe(answer.header('Message-ID'));
    expect(bounced.metadata.undeliverable).toMatchObject({ bounce: '<bounce@customer.test>' });

    // Jane has had four answers this hour (EMAIL_BOT_ANSWERS_PER_HOUR=4): the fifth mail waits for an agent.
    const limited = await hook(
      mail({ Subject: 'Fifth', 'Message-ID': '<q5@customer.test>' }, SHIPPING_QUESTION),
    ).expect(202);
    expect(limited.body).toMatchObject({ status: 'stored', answering: false });
    expect((await storedMessage('<q5@customer.test>')).metadata.email).toMatchObject({ botLimited: true });
  });
});
