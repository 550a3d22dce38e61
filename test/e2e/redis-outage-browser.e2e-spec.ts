import { INestApplicationContext } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import { HostPage, launchChromium, screenshot, serveHostPage } from '../support/browser';
import { TestRedisServer } from '../support/redis-server';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SUITE = 'redis-outage-browser';

/** The customer's side of a Redis outage, in the real widget: what they send is kept, and the answer still comes. */
describe('the widget in a browser through a Redis outage', () => {
  let redis: TestRedisServer;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let host: HostPage;
  let customer: Page;

  const widget = (page: Page) => page.locator('[role="dialog"]');
  const botAnswers = (page: Page) =>
    widget(page).locator('[data-author="bot"][data-kind="answer"]:not([data-streaming="true"])');
  const ask = async (question: string): Promise<void> => {
    await customer.getByLabel('Message').fill(question);
    await customer.getByRole('button', { name: 'Send' }).click();
  };

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    environment = await createTestEnvironment('redisdown-browser', { REDIS_URL: redis.url });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Northwind Bikes', { confidenceThreshold: 0.3 });
    await addKnowledge(api, workspace.auth, [
      {
        id: 'pause-subscription',
        title: 'Pausing your subscription',
        text: '# Pausing your subscription\n\nYou can pause your e-bike subscription for up to three months per year from the Account page of the app.',
      },
      {
        id: 'battery-care',
        title: 'Battery care',
        text: '# Battery care\n\nCharge the battery indoors at room temperature. A full charge takes about four hours and gives a range of 80 kilometres.',
      },
    ]);
    host = await serveHostPage();
    const inbox = await createWidgetInbox(api, workspace.auth, { allowedOrigins: [host.origin] });
    host.setHtml(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northwind Bikes</title></head>
<body><h1>Northwind Bikes</h1>
<script src="${api.url}/widget.js" data-inbox="${inbox.publicKey}" async></script></body></html>`);
    browser = await launchChromium();
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await redis?.resume();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await redis?.destroy();
  });

  it('keeps the message sent while Redis is down and shows the answer once it is back', async () => {
    await customer.goto(host.url);
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await widget(customer).waitFor();
    await ask('How long can I pause my subscription?');
    await botAnswers(customer).first().waitFor({ timeout: 30_000 });

    await redis.stop();
    const question = 'How long does a full battery charge take?';
    await ask(question);
    // Accepted and stored: the server confirmed it (sent), it is not waiting for a retry.
    const sent = widget(customer).locator('[data-author="contact"][data-status="sent"]', { hasText: question });
    await sent.waitFor({ timeout: 15_000 });
    await screenshot(customer, SUITE, '01-sent-while-redis-down');

    await redis.resume();
    const answer = botAnswers(customer).nth(1);
    await answer.waitFor({ timeout: 60_000 });
    await expect(answer.innerText()).resolves.toMatch(/four hours/i);
    await screenshot(customer, SUITE, '02-answer-after-redis-returns');
  });
});
