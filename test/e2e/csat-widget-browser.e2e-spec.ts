import { INestApplicationContext } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { HostPage, launchChromium, screenshot, serveHostPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { addKnowledge, createAgent, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SUITE = 'csat-widget-browser';

/** The customer rates their conversation with the widget's stars, and people see it in the console, in a real browser. */
describe('CSAT in the widget and the console', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let host: HostPage;
  let workspaceId: WorkspaceId;
  let auth: string;
  let agentId: string;
  let agentToken: string;
  let ratedTicketId: string;
  const ADMIN = { name: 'Ada Admin', email: 'ada@bakery.test', password: 'a long enough password', role: 'admin' };

  const widgetOf = (page: Page) => page.locator('[role="dialog"]');
  const ratingForm = (page: Page) => widgetOf(page).locator('.sb-csat');
  const consoleGet = (path: string) =>
    request(api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${agentToken}`);

  async function openWidget(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await widgetOf(page).waitFor();
    return page;
  }

  /** Picks the stars, writes the comment and sends; waits for the widget's thanks. */
  async function rate(page: Page, score: number, comment: string): Promise<void> {
    const form = ratingForm(page);
    await form.getByRole('button', { name: `${score} out of 5` }).click();
    await form.getByLabel('Anything to add? (optional)').fill(comment);
    await form.getByRole('button', { name: 'Send rating' }).click();
    await eventually(
      async () =>
        (await form.getByRole('status').innerText()).includes(`You rated this conversation ${score} out of 5`),
      { what: `the thanks for ${score}` },
    );
  }

  beforeAll(async () => {
    environment = await createTestEnvironment('csat_browser');
    api = await startApi(environment);
    worker = await startWorker(environment);
    // The bot answers the End chat test's question itself: a low-confidence turn would hand off, and a conversation a
    // person is asked to take has no End chat button.
    const workspace = await createWorkspace(api, 'Bakery', { confidenceThreshold: 0.1 });
    workspaceId = workspace.id;
    auth = workspace.auth;
    host = await serveHostPage();
    const inbox = await createWidgetInbox(api, workspace.auth, { allowedOrigins: [host.origin] });
    host.setHtml(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bakery</title></head>
<body><h1>Fresh bread</h1>
<script src="${api.url}/widget.js" data-inbox="${inbox.publicKey}" async></script>
</body></html>`);
    await addKnowledge(api, workspace.auth, [
      {
        id: 'baking-days',
        title: 'Baking days',
        text: '# Baking days\n\nWe bake rye bread every day of the week, Sundays included, from 6 am.',
      },
    ]);
    await request(api.url).post('/v1/agents').set('Authorization', workspace.auth).send(ADMIN).expect(201);
    const agent = await createAgent(api, workspace.auth, 'Bea Baker');
    agentId = agent.id;
    agentToken = (
      await request(api.url)
        .post('/v1/console/login')
        .send({ email: agent.email, password: 'a long enough password' })
        .expect(200)
    ).body.token;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('shows stars once the agent resolves the ticket; the rating and a later change reach the console', async () => {
    const page = await openWidget();
    await page.getByRole('button', { name: 'Talk to a human' }).click();
    const tickets = api.app.get(TicketsService);
    const [ticket] = await eventually(
      async () => {
        const found = await tickets.list(workspaceId);
        return found.length > 0 && found;
      },
      { what: 'the ticket' },
    );
    const post = (path: string) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${agentToken}`).send({});
    await post(`tickets/${ticket.id}/claim`).expect(200);
    await post(`tickets/${ticket.id}/resolve`).expect(200);

    await ratingForm(page).waitFor();
    await expect(
      ratingForm(page)
        .getByRole('button', { name: /out of 5/ })
        .count(),
    ).resolves.toBe(5);
    await expect(ratingForm(page).getByRole('button', { name: 'Send rating' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, SUITE, '01-asked');
    await rate(page, 4, 'Warm and friendly');
    await screenshot(page, SUITE, '02-rated');
    const rated = await consoleGet(`conversations/${ticket.conversationId}/csat`).expect(200);
    expect(rated.body.rating).toMatchObject({ score: 4, comment: 'Warm and friendly', channel: 'widget', agentId });

    ratedTicketId = ticket.id;
    await rate(page, 5, 'Even better on reflection');
    const changed = await consoleGet(`conversations/${ticket.conversationId}/csat`).expect(200);
    expect(changed.body.rating).toMatchObject({ score: 5, comment: 'Even better on reflection' });
  });

  it('"End chat" with the bot asks for a rating that counts for the bot', async () => {
    const page = await openWidget();
    await expect(widgetOf(page).getByRole('button', { name: 'End chat' }).isVisible()).resolves.toBe(false);
    await page.getByLabel('Message').fill('Do you bake rye bread on Sundays?');
    await page.getByRole('button', { name: 'Send' }).click();
    await widgetOf(page).locator('[data-author="bot"][data-kind="answer"]:not([data-streaming="true"])').waitFor();
    const endChat = widgetOf(page).getByRole('button', { name: 'End chat' });
    await endChat.waitFor();
    await endChat.click();

    await ratingForm(page).waitFor();
    await expect(endChat.isVisible()).resolves.toBe(false);
    await rate(page, 3, 'Found the answer elsewhere');
    await screenshot(page, SUITE, '03-ended-and-rated');
    const report = await request(api.url).get('/v1/workspace/reports/csat').set('Authorization', auth).expect(200);
    expect(report.body.bot).toMatchObject({ count: 1, average: 3 });
  });

  it('shows the stars and comment in the transcript, and CSAT by agent and for the bot on the Reports page', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await page.goto(`${api.url}/console`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.goto(`${api.url}/console#/tickets/${ratedTicketId}`);
    const rating = page.locator('[data-rating-request="true"] .csat-rating');
    await rating.waitFor();
    await expect(rating.locator('.csat-stars').innerText()).resolves.toBe('★★★★★');
    await expect(rating.locator('.csat-rating-label').innerText()).resolves.toBe('Rated 5 out of 5 in the widget');
    await expect(rating.locator('.csat-comment').innerText()).resolves.toBe('Even better on reflection');
    await screenshot(page, SUITE, '04-console-transcript');

    await page.goto(`${api.url}/console#/reports`);
    const agentRow = page.locator(`.csat-agents tr[data-agent-id="${agentId}"]`);
    await agentRow.waitFor();
    await expect(agentRow.locator('td').allInnerTexts()).resolves.toEqual([
      'Bea Baker',
      '5.00 (1 rating)',
      '1: 0 · 2: 0 · 3: 0 · 4: 0 · 5: 1',
    ]);
    const botStat = page.locator('.csat-stats .stat', { hasText: 'CSAT for the bot' });
    await expect(botStat.locator('dd').innerText()).resolves.toBe('3.00 (1 rating)');
    await screenshot(page, SUITE, '05-console-reports');
  });
  it('shows the stars and comment given earlier after the page is reloaded, and still lets them change', async () => {
    const tickets = api.app.get(TicketsService);
    const earlier = new Set((await tickets.list(workspaceId)).map((ticket) => ticket.id));
    const page = await openWidget();
    await page.getByRole('button', { name: 'Talk to a human' }).click();
    const ticket = await eventually(
      async () => (await tickets.list(workspaceId)).find((candidate) => !earlier.has(candidate.id)),
      { what: 'the new ticket' },
    );
    const post = (path: string) =>
      request(api.url).post(`/v1/console/${path}`).set('Authorization', `Bearer ${agentToken}`).send({});
    await post(`tickets/${ticket.id}/claim`).expect(200);
    await post(`tickets/${ticket.id}/resolve`).expect(200);
    await ratingForm(page).waitFor();
    await rate(page, 2, 'Could not find it');

    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const form = ratingForm(page);
    await form.waitFor();
    await eventually(
      async () => (await form.getByRole('status').innerText()).includes('You rated this conversation 2 out of 5'),
      { what: 'the earlier rating after the reload' },
    );
    const pressed = await form.locator('.sb-csat-star[aria-pressed="true"]').count();
    expect(pressed).toBe(2);
    await expect(form.getByLabel('Anything to add? (optional)').inputValue()).resolves.toBe('Could not find it');
    await screenshot(page, SUITE, '06-rating-after-reload');
    await rate(page, 4, 'Found it after all');
    const changed = await consoleGet(`conversations/${ticket.conversationId}/csat`).expect(200);
    expect(changed.body.rating).toMatchObject({ score: 4, comment: 'Found it after all' });
  });
});
