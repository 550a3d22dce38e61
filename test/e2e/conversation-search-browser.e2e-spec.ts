import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { TestApi, startTestApi } from '../support/test-api';
import { AGENT_PASSWORD, LabelsWorkspace, SignedInAgent, TicketLabelsClient } from '../support/ticket-labels-client';

const SUITE = 'conversation-search-browser';

/** An agent searches conversations in the console, sees the matches marked, and opens one. */
describe('conversation search in the console', () => {
  let api: TestApi;
  let client: TicketLabelsClient;
  let browser: Browser;
  let page: Page;
  let workspace: LabelsWorkspace;
  let agent: SignedInAgent;

  beforeAll(async () => {
    api = await startTestApi('search_browser');
    client = new TicketLabelsClient(api);
    workspace = await client.workspace();
    agent = await client.agent(workspace);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await page.goto(`${api.url}/console`);
    await page.getByLabel('E-mail').fill(agent.email);
    await page.getByLabel('Password').fill(AGENT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('marks each match, shows notes, never runs customer markup, and opens the conversation', async () => {
    const ticket = await client.ticket(
      workspace,
      agent,
      'My snorkel <b>arrived</b> <img src=x onerror="window.hacked=1"> broken, please replace the snorkel',
    );
    await client.ticket(workspace, agent, 'A question about diving lessons');
    await request(api.url)
      .post(`/v1/console/conversations/${ticket.conversationId}/messages`)
      .set('Authorization', `Bearer ${agent.token}`)
      .send({ content: 'Second snorkel complaint from this customer', private: true })
      .expect(201);

    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Words').fill('snorkel');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    const results = page.locator('.search-hits');
    await results.locator('.search-hit').first().waitFor();
    expect(await results.locator('.search-hit').count()).toBe(1);
    expect(await results.locator('mark').allTextContents()).toEqual(['snorkel', 'snorkel', 'snorkel']);
    expect(await results.locator('.search-match--note mark').allTextContents()).toEqual(['snorkel']);
    // Postgres's excerpt leaves HTML tags out, and the console builds text nodes: the customer's markup never runs.
    await results.getByText('arrived', { exact: false }).first().waitFor();
    expect(await results.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('typeof window.hacked')).toBe('undefined');
    await screenshot(page, SUITE, 'results');

    await results.locator('.search-hit-link').first().click();
    await page.waitForURL(`**/console#/search/${ticket.conversationId}`);
    const detail = page.getByRole('region', { name: 'Conversation' });
    await detail.getByRole('link', { name: 'Open ticket' }).waitFor();
    await detail.getByText('Second snorkel complaint from this customer').waitFor();
    expect(await page.getByLabel('Words').inputValue()).toBe('snorkel');

    await page.getByLabel('Words').fill('nothingmatcheszzz');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No conversation matches.').waitFor();
  });
});
