import { INestApplicationContext } from '@nestjs/common';
import { verifySignature } from '@switchboard/webhooks';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, createWidgetInbox } from '../support/widget-client';

const SUITE = 'console-webhooks-browser';
const ADMIN = { email: 'ada@northwind.example', name: 'Ada Admin', password: 'correct horse battery staple' };
const AGENT = { email: 'max@northwind.example', name: 'Max Agent', password: ADMIN.password };
/** What the receiver answers: markup that must show as text, never run. */
const HOSTILE_EXCERPT = '<img src=x onerror="window.__pwned=1">thanks';

/** An admin manages webhooks in the console, and is told on every page when Switchboard disables one. */
describe('console webhooks in a browser', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let auth: string;
  let inbox: { publicKey: string };
  let smtp: SmtpSink;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    smtp = await SmtpSink.start();
    environment = await createTestEnvironment('console_webhooks_browser', {
      // The receiver listens on 127.0.0.1, which the network guard refuses otherwise.
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_DISABLE_AFTER_FAILURES: '3',
      WEBHOOK_DISABLE_FAILING_FOR_MS: '0',
      SMTP_OUTBOUND_URL: smtp.url,
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Northwind Bikes' })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
    inbox = await createWidgetInbox(api, auth);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ ...ADMIN, role: 'admin' })
      .expect(201);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ ...AGENT, role: 'agent' })
      .expect(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await page.goto(`${api.url}/console`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await receiver.stop();
    await smtp?.close();
  });

  /** A new widget conversation: one conversation.created event. */
  async function openConversation(): Promise<string> {
    const visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session();
    return visitor.conversationId;
  }

  const createdFor = (path: string, conversationId: string) => () =>
    receiver
      .at(path)
      .find((hook) => hook.json.type === 'conversation.created' && hook.json.data.conversationId === conversationId);

  it('creates an endpoint, shows its secret once, logs a delivery, replays it and rotates the secret', async () => {
    receiver.on('/crm', () => ({ status: 200, body: HOSTILE_EXCERPT }));
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No endpoints yet.').waitFor();

    await page.getByLabel('URL').fill(receiver.url('/crm'));
    await page.getByLabel('Description').fill('CRM');
    await page.getByLabel('conversation.created').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretShown = page.locator('.webhook-secret-value');
    await secretShown.waitFor();
    const secret = await secretShown.innerText();
    expect(secret).toMatch(/^whsec_/);
    const row = page.locator('tr[data-webhook-id]').filter({ hasText: receiver.url('/crm') });
    await expect(row.locator('td').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['CRM', 'conversation.created', 'Active']),
    );
    await screenshot(page, SUITE, '01-created-secret-once');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(secretShown.isVisible()).resolves.toBe(false);

    const conversationId = await openConversation();
    const first = await eventually(createdFor('/crm', conversationId), { what: 'the delivery to /crm' });
    expect(verifySignature(String(first.headers['switchboard-signature']), first.body, secret)).toBe(true);

    await page.getByRole('button', { name: `Deliveries ${receiver.url('/crm')}` }).click();
    const delivered = page.locator('tr[data-delivery-id][data-status="delivered"]');
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh deliveries' }).click();
        return (await delivered.count()) > 0;
      },
      { what: 'the delivered row in the log' },
    );
    const cell = (column: string) => delivered.first().locator(`td[data-column="${column}"]`).innerText();
    await expect(cell('event')).resolves.toBe('conversation.created');
    await expect(cell('status')).resolves.toBe('Delivered');
    await expect(cell('attempts')).resolves.toBe('1');
    await expect(cell('latency')).resolves.toMatch(/^\d+ ms$/);
    await expect(cell('response')).resolves.toBe('HTTP 200');
    // The receiver's markup is shown as text: no element was made from it, and it never ran.
    await expect(cell('excerpt')).resolves.toBe(HOSTILE_EXCERPT);
    await expect(page.locator('.webhook-deliveries img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await screenshot(page, SUITE, '02-delivery-log');

    await delivered.first().getByRole('button', { name: 'Replay conversation.created delivery' }).click();
    await page.getByText(`Replaying conversation.created to ${receiver.url('/crm')}.`).waitFor();
    await eventually(() => receiver.deliveredAt('/crm').filter((hook) => hook.json.id === first.json.id).length === 2, {
      what: 'the replayed delivery, with the same event id',
    });
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh deliveries' }).click();
        return (await delivered.count()) === 2;
      },
      { what: 'the replay delivered in the log' },
    );
    await expect(delivered.first().locator('td[data-column="event"]').innerText()).resolves.toBe(
      'conversation.created (replay)',
    );

    await page.getByRole('button', { name: `Rotate secret ${receiver.url('/crm')}` }).click();
    await page.getByText('The new signing secret, shown once').waitFor();
    const rotated = await secretShown.innerText();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    const next = await openConversation();
    const signedWithBoth = await eventually(createdFor('/crm', next), { what: 'a delivery after the rotation' });
    const header = String(signedWithBoth.headers['switchboard-signature']);
    expect(verifySignature(header, signedWithBoth.body, rotated)).toBe(true);
    expect(verifySignature(header, signedWithBoth.body, secret)).toBe(true);
    await screenshot(page, SUITE, '03-rotated');
  });

  it('tells the admins by e-mail and on every console page when an endpoint was disabled, and enables it again', async () => {
    receiver.on('/down', () => ({ status: 500, body: 'down for maintenance' }));
    const created = await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', auth)
      .send({ url: receiver.url('/down'), events: ['conversation.created'], description: 'Billing' })
      .expect(201);
    await openConversation();
    await eventually(
      async () =>
        (await request(api.url).get(`/v1/webhooks/${created.body.id}`).set('Authorization', auth).expect(200)).body
          .disabledAt !== null,
      { what: 'the failing endpoint to be disabled', timeoutMs: 30_000 },
    );

    // The admins get an e-mail with the reason and where to fix it; an agent who is no admin does not.
    const mail = await smtp.next((sunk) => sunk.recipients.includes(ADMIN.email), 'the mail to the admin');
    expect(mail.parsed.subject).toBe('Webhook disabled: Billing');
    expect(mail.parsed.text).toContain(`Switchboard disabled the webhook endpoint ${receiver.url('/down')} (Billing).`);
    expect(mail.parsed.text).toMatch(/Why: 3 failed attempts in a row since .*HTTP 500/);
    expect(mail.parsed.text).toContain(`${api.config.http.publicUrl}/console#/webhooks`);
    expect(mail.header('Auto-Submitted')).toBe('auto-generated');
    expect(mail.recipients).toEqual([ADMIN.email]);
    expect(smtp.to(AGENT.email)).toEqual([]);

    await page.getByRole('link', { name: /Queue/ }).click();
    const notice = page.locator(`.webhook-notices [data-webhook-id="${created.body.id}"]`);
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toMatch(
      new RegExp(
        `Webhook Billing \\(${receiver.url('/down').replace(/[.?/]/g, '\\$&')}\\) was disabled: 3 failed attempts in a row .*HTTP 500`,
      ),
    );
    await expect(page.locator('.nav-badge').innerText()).resolves.toBe('1');
    await screenshot(page, SUITE, '04-disabled-notice');
    // Another admin page shows it too.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await notice.waitFor();

    receiver.on('/down', () => ({ status: 200 }));
    await notice.getByRole('button', { name: 'Enable again' }).click();
    await notice.waitFor({ state: 'detached' });
    await expect(page.locator('.nav-badge').isVisible()).resolves.toBe(false);
    const endpoint = await request(api.url)
      .get(`/v1/webhooks/${created.body.id}`)
      .set('Authorization', auth)
      .expect(200);
    expect(endpoint.body).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      consecutiveFailures: 0,
    });
  });
});
