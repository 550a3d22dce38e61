import { readFile } from 'node:fs/promises';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { SeededConversation, seedResolvedConversations } from '../support/fine-tuning-fixtures';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

const SUITE = 'console-fine-tuning-browser';
const ADMIN = { email: 'ada@northwind.example', name: 'Ada Admin', password: 'correct horse battery staple' };
const AGENT = { email: 'max@northwind.example', name: 'Max Agent', password: ADMIN.password };
const SMALL_ADMIN = { email: 'sam@small.example', name: 'Sam Admin', password: ADMIN.password };

function resolvedConversation(i: number): SeededConversation {
  return {
    contact: { name: `Customer${i} Lindqvist`, email: `customer${i}@mail.example` },
    lines: [
      { customer: `Can I pause my subscription for case ${i}? Mail customer${i}@mail.example.` },
      { agent: `Yes, I paused it for case ${i}; it restarts next month.` },
      { resolved: true },
    ],
  };
}

/** An admin builds a fine-tuning export in the console and reads its counts; offline, training is off with why. */
describe('console fine-tuning in a browser', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let browser: Browser;

  beforeAll(async () => {
    environment = await createTestEnvironment('fine_tuning_browser');
    api = await startApi(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Northwind Bikes' })
      .expect(201);
    const auth = `Bearer ${created.body.apiKey.key}`;
    await seedResolvedConversations(
      environment.database.url,
      created.body.workspace.id,
      Array.from({ length: 14 }, (_, i) => resolvedConversation(i)),
    );
    for (const [person, role] of [
      [ADMIN, 'admin'],
      [AGENT, 'agent'],
    ] as const) {
      await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ ...person, role })
        .expect(201);
    }
    const small = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Small Shop' })
      .expect(201);
    await seedResolvedConversations(environment.database.url, small.body.workspace.id, [resolvedConversation(1)]);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${small.body.apiKey.key}`)
      .send({ ...SMALL_ADMIN, role: 'admin' })
      .expect(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await environment?.destroy();
  });

  async function signIn(person: typeof ADMIN): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true })
    ).newPage();
    await page.goto(`${api.url}/console`);
    await page.getByLabel('E-mail').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  it('lets an admin build an export and see its counts; training is disabled offline with the reason', async () => {
    const page = await signIn(ADMIN);
    await page.getByRole('link', { name: 'Fine-tuning' }).click();
    await page.getByRole('heading', { name: 'Fine-tuning', level: 1 }).waitFor();
    await page.getByText('No exports yet.').waitFor();
    await expect(page.locator('#training-unavailable').innerText()).resolves.toMatch(/OPENAI_API_KEY/);

    await page.getByRole('button', { name: 'Build an export' }).click();
    await page.getByText(/^Export built: \d+ training and \d+ validation examples\.$/).waitFor();
    const card = page.locator('article.fine-tuning-export');
    await expect(card.count()).resolves.toBe(1);
    const summary = await card.locator('dl').innerText();
    expect(summary).toMatch(/Conversations read\s+14/);
    expect(summary).toMatch(/Examples\s+14 \(\d+ train, \d+ validation\)/);
    expect(summary).toMatch(/Redactions\s+\d+ \(14 e-mail/);
    expect(summary).toMatch(/Estimated cost\s+\$[\d.]+ \(gpt-4o-mini\)/);
    await card.getByRole('button', { name: /^Download train\.jsonl/ }).waitFor();
    await card.getByRole('button', { name: /^Download validation\.jsonl/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: /^Download train\.jsonl/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('train.jsonl');
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.join('\n')).not.toContain('mail.example');
    await expect(card.getByRole('button', { name: 'Start training' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, SUITE, '01-export');
    await page.context().close();
  });

  it('shows why a dataset below the minimum cannot be exported', async () => {
    const page = await signIn(SMALL_ADMIN);
    await page.getByRole('link', { name: 'Fine-tuning' }).click();
    await page.getByText('No exports yet.').waitFor();
    await page.getByRole('button', { name: 'Build an export' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Couldn't build the export: .*the provider needs at least 10/).waitFor();
    await expect(page.getByText('No exports yet.').isVisible()).resolves.toBe(true);
    await screenshot(page, SUITE, '02-too-few');
    await page.context().close();
  });

  it('gives agents no link and sends them to the queue', async () => {
    const page = await signIn(AGENT);
    await expect(page.getByRole('link', { name: 'Fine-tuning' }).count()).resolves.toBe(0);
    await page.goto(`${api.url}/console#/fine-tuning`);
    await page.waitForURL(/#\/tickets$/);
    await page.context().close();
  });
});
