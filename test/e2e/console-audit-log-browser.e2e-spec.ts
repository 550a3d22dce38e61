import { readFile } from 'node:fs/promises';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { TestApi, startTestApi } from '../support/test-api';
import { createWorkspace } from '../support/widget-client';

const SUITE = 'console-audit-log-browser';
const PASSWORD = 'correct horse battery staple';
const ADMIN = { email: 'ada@northwind.example', name: 'Ada Admin' };
const AGENT = { email: 'max@northwind.example', name: 'Max Agent' };
const PUBLIC_URL = 'https://93.184.216.34/hooks/audit-browser';

/** An admin reads who changed what in the console's Audit log, filters it and downloads it; agents never see it. */
describe('console audit log in a browser', () => {
  let api: TestApi;
  let browser: Browser;
  let webhookSecret: string;

  beforeAll(async () => {
    api = await startTestApi('audit_log_browser');
    const { auth } = await createWorkspace(api, 'Northwind Bikes');
    for (const [person, role] of [
      [ADMIN, 'admin'],
      [AGENT, 'agent'],
    ] as const) {
      await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ ...person, role, password: PASSWORD })
        .expect(201);
    }
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', auth)
      .send({ confidenceThreshold: 0.66 })
      .expect(200);
    const hook = await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', auth)
      .send({ url: PUBLIC_URL, events: ['handoff'] })
      .expect(201);
    webhookSecret = hook.body.secret;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function signIn(email: string): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true })
    ).newPage();
    await page.goto(`${api.url}/console`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  it('shows an admin each change with its actor, IP and diff, secrets redacted, and filters it', async () => {
    const page = await signIn(ADMIN.email);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();

    const settings = page.locator('tr', { hasText: 'workspace.settings_changed' });
    await settings.waitFor();
    const settingsText = await settings.innerText();
    expect(settingsText).toMatch(/Default key \(sb_.+· API key/);
    expect(settingsText).toContain('127.0.0.1');
    expect(settingsText).toMatch(/settings\.confidenceThreshold: [\d.]+ → 0\.66/);
    const webhook = await page.locator('tr', { hasText: 'webhook.created' }).innerText();
    expect(webhook).toContain('secret: — → [redacted]');
    const table = await page.locator('table.audit-table').innerText();
    expect(table).not.toContain(webhookSecret);
    expect(table).toContain('workspace.created');
    await screenshot(page, SUITE, '01-log');

    await page.getByLabel('Action').fill('agent.*');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('tr', { hasText: 'workspace.settings_changed' }).waitFor({ state: 'detached' });
    const actions = await page.locator('table.audit-table tbody tr td:nth-child(4)').allInnerTexts();
    expect(actions).toEqual(['agent.created', 'agent.created']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('audit-log.csv');
    const rows = (await readFile(await download.path(), 'utf8')).trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^id,occurredAt,actorType/);
    expect(rows.slice(1).map((row) => row.split(',')[6])).toEqual(['agent.created', 'agent.created']);
    await page.context().close();
  });

  it('gives agents no link and sends them to the queue', async () => {
    const page = await signIn(AGENT.email);
    await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    await page.goto(`${api.url}/console#/audit-log`);
    await page.waitForURL(/#\/tickets$/);
    await page.context().close();
  });
});
