import { INestApplicationContext } from '@nestjs/common';
import { userHashFor } from '@switchboard/auth';
import { Browser, Page } from 'playwright-core';
import { MockBusinessApi, ORDER_OWNER } from '../support/mock-business-api';
import { declareActions, shopActions } from '../support/shop-actions';
import { HostPage, launchChromium, screenshot, serveHostPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWidgetInbox, createWorkspace } from '../support/widget-client';

const SUITE = 'action-confirmation-browser';

/** A signed-in customer confirms a side effect with the widget's Yes button, in a real browser. */
describe('action confirmation in the widget', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let business: MockBusinessApi;
  let browser: Browser;
  let host: HostPage;
  let page: Page;

  const widget = () => page.locator('[role="dialog"]');
  const botAnswers = () => widget().locator('[data-author="bot"][data-kind="answer"]:not([data-streaming="true"])');
  const confirmGroups = () => widget().getByRole('group', { name: 'Confirm or decline' });
  const ask = async (text: string, answers: number): Promise<string> => {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await eventually(async () => (await botAnswers().count()) === answers, {
      what: `answer ${answers} to "${text}"`,
    });
    return botAnswers()
      .nth(answers - 1)
      .innerText();
  };

  beforeAll(async () => {
    business = new MockBusinessApi();
    await business.start();
    environment = await createTestEnvironment('browser_confirm', { CRAWL_ALLOW_PRIVATE_NETWORKS: 'true' });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Northwind');
    await declareActions(api, workspace.auth, shopActions(business.origin));
    host = await serveHostPage();
    const inbox = await createWidgetInbox(api, workspace.auth, { allowedOrigins: [host.origin] });
    // The shop's page signs its user in: userId is the account's e-mail, proved by the inbox's identity secret.
    const settings = { userId: ORDER_OWNER, userHash: userHashFor(inbox.identitySecret, ORDER_OWNER) };
    host.setHtml(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Northwind</title></head>
<body><h1>Your orders</h1>
<script>window.SwitchboardSettings = ${JSON.stringify(settings)};</script>
<script src="${api.url}/widget.js" data-inbox="${inbox.publicKey}" async></script>
</body></html>`);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await business?.stop();
  });

  it('shows Yes / No under the request to confirm; Yes sends "Yes", the buttons go and the order is cancelled once', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await widget().waitFor();

    await expect(ask('Where is my order NW-10482?', 1)).resolves.toMatch(/status: delivery scheduled/);
    await expect(confirmGroups().count()).resolves.toBe(0);

    const question = await ask('Cancel order NW-10482', 2);
    expect(question).toContain('Please confirm: cancel order (order number NW-10482).');
    // Only under the newest message, the one asking.
    const group = confirmGroups();
    await group.waitFor();
    await expect(confirmGroups().count()).resolves.toBe(1);
    await expect(botAnswers().nth(1).getByRole('group', { name: 'Confirm or decline' }).count()).resolves.toBe(1);
    await expect(group.getByRole('button').allInnerTexts()).resolves.toEqual(['Yes', 'No']);
    expect(business.requestsTo('/orders/NW-10482/cancel')).toHaveLength(0);
    await screenshot(page, SUITE, '01-confirmation');

    await group.getByRole('button', { name: 'Yes' }).click();
    // The click is the customer's reply, shown and sent like a typed one; the buttons are gone at once.
    const reply = widget().locator('[data-author="contact"]').last();
    await expect(reply.locator('.sb-bubble').innerText()).resolves.toBe('Yes');
    await expect(confirmGroups().count()).resolves.toBe(0);

    await eventually(async () => (await botAnswers().count()) === 3, { what: 'the answer to the yes' });
    await expect(botAnswers().nth(2).innerText()).resolves.toMatch(/status: cancelled/);
    await expect(confirmGroups().count()).resolves.toBe(0);
    const calls = business.requestsTo('/orders/NW-10482/cancel');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual({ customer_email: ORDER_OWNER });
    await screenshot(page, SUITE, '02-cancelled');
  });
});
