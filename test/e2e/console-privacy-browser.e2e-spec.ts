import { getDataSourceToken } from '@nestjs/typeorm';
import { Contact, Message } from '@switchboard/database';
import { readFile } from 'node:fs/promises';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { launchChromium, screenshot } from '../support/browser';
import { seedResolvedConversations } from '../support/fine-tuning-fixtures';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { createWorkspace } from '../support/widget-client';

const SUITE = 'console-privacy-browser';
const PASSWORD = 'correct horse battery staple';
const ADMIN = { email: 'ada@northwind.example', name: 'Ada Admin', password: PASSWORD, role: 'admin' };
const AGENT = { email: 'max@northwind.example', name: 'Max Agent', password: PASSWORD, role: 'agent' };

/** An admin sets the retention period, downloads a contact's export and erases them, in the console. */
describe('console privacy page in a browser', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let browser: Browser;
  let dataSource: DataSource;
  let seeded: Array<{ conversationId: string; contactId: string }>;

  beforeAll(async () => {
    environment = await createTestEnvironment('privacy_browser');
    api = await startApi(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    const workspace = await createWorkspace(api, 'Northwind Bikes');
    for (const person of [ADMIN, AGENT]) {
      await request(api.url).post('/v1/agents').set('Authorization', workspace.auth).send(person).expect(201);
    }
    seeded = await seedResolvedConversations(environment.database.url, workspace.id, [
      {
        contact: { name: 'Greta Lindqvist', email: 'greta@mail.example' },
        lines: [{ customer: 'My order PRIV-4471 never arrived.' }, { agent: 'Sorry, I sent a new one.' }],
      },
      {
        contact: { name: 'Olle Berg', email: 'olle@mail.example' },
        lines: [{ customer: 'Where is order PRIV-9002?' }, { agent: 'It ships today.' }],
      },
    ]);
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

  it('sets the retention period, refusing a wrong one with why', async () => {
    const page = await signIn(ADMIN);
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'Privacy', level: 1 }).waitFor();
    await page.getByText('No contact has been erased.').waitFor();
    const days = page.getByLabel('Days');
    await days.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter 1 to 3650 days.').waitFor();
    await days.fill('365');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved: 365 days.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Privacy', level: 1 }).waitFor();
    // The page's data has loaded (its erasure list is drawn with it), not only its frame.
    await page.getByText('No contact has been erased.').waitFor();
    await expect(page.getByLabel('Days').inputValue()).resolves.toBe('365');
    await page.context().close();
  });

  it("downloads a contact's export and erases them after a confirmation; the other contact stays", async () => {
    const [greta, olle] = seeded;
    const page = await signIn(ADMIN);
    await page.goto(`${api.url}/console#/privacy?contact=${greta.contactId}`);
    await expect(page.getByLabel('Contact id').inputValue()).resolves.toBe(greta.contactId);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download export' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`contact-${greta.contactId}.json`);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported.sections.conversations.contact.email).toBe('greta@mail.example');
    expect(JSON.stringify(exported)).toContain('PRIV-4471');
    expect(JSON.stringify(exported)).not.toContain('PRIV-9002');

    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByText('Confirm to go on.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByText(/^Erased: .*2 messages.*1 conversations.*$/).waitFor();
    await page.locator('.privacy-erasure-list li').first().waitFor();
    await screenshot(page, SUITE, '01-erased');

    expect(await dataSource.getRepository(Contact).countBy({ id: greta.contactId })).toBe(0);
    expect(await dataSource.getRepository(Message).countBy({ conversationId: greta.conversationId })).toBe(0);
    expect(await dataSource.getRepository(Message).countBy({ conversationId: olle.conversationId })).toBe(2);

    await page.getByLabel('Contact id').fill(greta.contactId);
    await page.getByRole('button', { name: 'Download export' }).click();
    await page.getByText('No such contact in this workspace (or already erased).').waitFor();
    await page.context().close();
  });

  it('gives agents no link, sends them to the queue, and refuses them the routes', async () => {
    const page = await signIn(AGENT);
    await expect(page.getByRole('link', { name: 'Privacy' }).count()).resolves.toBe(0);
    await page.goto(`${api.url}/console#/privacy`);
    await page.waitForURL(/#\/tickets$/);
    await page.context().close();
    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: AGENT.email, password: AGENT.password })
      .expect(200);
    const agent = `Bearer ${login.body.token}`;
    await request(api.url).get('/v1/console/privacy').set('Authorization', agent).expect(403);
    await request(api.url)
      .patch('/v1/console/privacy')
      .set('Authorization', agent)
      .send({ retentionDays: 1 })
      .expect(403);
    await request(api.url)
      .delete(`/v1/console/contacts/${seeded[1].contactId}`)
      .set('Authorization', agent)
      .expect(403);
    expect(await dataSource.getRepository(Contact).countBy({ id: seeded[1].contactId })).toBe(1);
  });
});
