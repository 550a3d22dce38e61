import { INestApplicationContext } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MockBusinessApi, ORDER_OWNER } from '../support/mock-business-api';
import { declareActions, shopActions } from '../support/shop-actions';
import { SmtpSink, SunkMail } from '../support/smtp-sink';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWorkspace } from '../support/widget-client';

const SUPPORT = 'orders@northwind.test';
const STRANGER = 'mallory@example.net';
const CONFIRMATION =
  'Please confirm: cancel order (order number NW-10482). Reply "yes" to go ahead, or "no" to leave it.';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('action confirmation by e-mail', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let sink: SmtpSink;
  let business: MockBusinessApi;
  let smtpPort: number;
  let workDir: string;
  let sequence = 0;

  /** Delivers raw MIME to the api's SMTP listener with Debian's swaks. */
  const swaks = async (from: string, raw: string): Promise<number> => {
    const file = join(workDir, `mail-${++sequence}.eml`);
    await writeFile(file, raw.replace(/\r?\n/g, '\r\n'));
    return new Promise((resolve) => {
      execFile(
        'swaks',
        ['--server', '127.0.0.1', '--port', String(smtpPort), '--from', from, '--to', SUPPORT, '--data', `@${file}`],
        { timeout: 30_000 },
        (error) => resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0),
      );
    });
  };
  const mail = (from: string, headers: Record<string, string>, body: string): string =>
    [
      `From: ${from.split('@')[0]} <${from}>`,
      `To: ${SUPPORT}`,
      'Date: Sun, 06 Dec 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      '',
      body,
      '',
    ].join('\n');
  const answerTo = (messageId: string) =>
    sink.next((m) => m.header('In-Reply-To') === messageId, `the reply to ${messageId}`);

  /** Writes a new e-mail asking to cancel the order and returns the bot's answer. */
  const askToCancel = async (from: string, messageId: string): Promise<SunkMail> => {
    const body = 'Hello,\n\nPlease cancel my order NW-10482, I ordered the wrong size.\n\nThanks';
    expect(await swaks(from, mail(from, { Subject: 'Cancel my order', 'Message-ID': messageId }, body))).toBe(0);
    return answerTo(messageId);
  };

  /** Answers the bot's mail in its thread, quoting it as a mail client does, and returns the bot's next answer. */
  const replyTo = async (from: string, previous: SunkMail, messageId: string, text: string): Promise<SunkMail> => {
    const quoted = (previous.parsed.text ?? '')
      .trim()
      .split('\n')
      .map((line) => `> ${line}`);
    const body = [text, '', `On Sun, 6 Dec 2026 at 10:01, Northwind <${SUPPORT}> wrote:`, ...quoted].join('\n');
    const headers = {
      Subject: 'Re: Cancel my order',
      'Message-ID': messageId,
      'In-Reply-To': previous.header('Message-ID'),
      References: previous.header('Message-ID'),
    };
    expect(await swaks(from, mail(from, headers, body))).toBe(0);
    return answerTo(messageId);
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    business = new MockBusinessApi();
    await business.start();
    smtpPort = await freePort();
    workDir = await mkdtemp(join(tmpdir(), 'sb-confirm-email-'));
    environment = await createTestEnvironment('email_confirm', {
      SMTP_PORT: String(smtpPort),
      SMTP_OUTBOUND_URL: sink.url,
      EMAIL_DOMAIN: 'sb.test',
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Northwind');
    await declareActions(api, workspace.auth, shopActions(business.origin));
    await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Orders mail', channel: 'email', settings: { address: SUPPORT, fromName: 'Northwind' } })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await sink?.close();
    await business?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('asks the order owner to reply "yes", and their "Yes" in the thread cancels the order once, as the sender', async () => {
    const confirmation = await askToCancel(ORDER_OWNER, '<cancel-1@example.com>');
    expect(confirmation.recipients).toEqual([ORDER_OWNER]);
    // The request to confirm reaches the customer whole, in both parts: the e-mail's only "button" is the reply.
    expect(confirmation.parsed.text?.trim()).toBe(CONFIRMATION);
    expect(confirmation.parsed.html).toContain(
      '<p>Please confirm: cancel order (order number NW-10482). Reply &quot;yes&quot; to go ahead, or &quot;no&quot; to leave it.</p>',
    );
    expect(business.requestsTo('/orders/NW-10482/cancel')).toHaveLength(0);

    const done = await replyTo(ORDER_OWNER, confirmation, '<cancel-2@example.com>', 'Yes');
    expect(done.parsed.text).toMatch(/status: cancelled/);
    const calls = business.requestsTo('/orders/NW-10482/cancel');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual({ customer_email: ORDER_OWNER });
  });

  it('does not cancel the order for a different sender who asks in a new thread and says yes', async () => {
    const before = business.requestsTo('/orders/NW-10482/cancel').length;
    const confirmation = await askToCancel(STRANGER, '<stranger-1@example.net>');
    expect(confirmation.recipients).toEqual([STRANGER]);
    expect(confirmation.parsed.text?.trim()).toBe(CONFIRMATION);

    const refused = await replyTo(STRANGER, confirmation, '<stranger-2@example.net>', 'Yes');
    expect(refused.parsed.text).toMatch(/isn't linked to your account, so I haven't changed anything/);
    // The call went out with the stranger's own verified address, and the shop refused it.
    const calls = business.requestsTo('/orders/NW-10482/cancel').slice(before);
    expect(calls.map((call) => JSON.parse(call.body) as unknown)).toEqual([{ customer_email: STRANGER }]);
  });
});
