import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Agent } from '@switchboard/database';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HostPage, launchChromium, screenshot, serveHostPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

const SUITE = 'widget-browser';
const HANDOFF_MESSAGE = "I'm not sure about this one, so I've asked a colleague to help. They'll reply here.";
// Runs in the page (the test's own tsconfig has no DOM types): notes whether a non-empty streaming draft appeared.
const WATCH_FOR_STREAMING_DRAFT = `(() => {
  const roots = [...document.querySelectorAll('*')].flatMap((element) => (element.shadowRoot ? [element.shadowRoot] : []));
  const observer = new MutationObserver(() => {
    for (const root of roots) {
      const draft = root.querySelector('[data-streaming="true"]');
      if (draft && draft.textContent.trim()) window.sawStreamingDraft = true;
    }
  });
  for (const root of roots) observer.observe(root, { subtree: true, childList: true, characterData: true });
})()`;
const AGENT = { email: 'maya@northwind.example', name: 'Maya Agent', password: 'correct horse battery staple' };

/**
 * The whole loop in a real browser: a customer on another origin chats with the bot through the embedded widget,
 * is handed to an agent who works the ticket in the console, and gets the bot back.
 */
describe('widget and console in a browser', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let host: HostPage;
  let customerContext: BrowserContext;
  let agentContext: BrowserContext;
  let customer: Page;
  let agent: Page;
  let auth: string;

  async function addDocument(sourceId: string, id: string, title: string, text: string): Promise<void> {
    const accepted = await request(api.url)
      .post(`/v1/knowledge/sources/${sourceId}/documents`)
      .set('Authorization', auth)
      .send({ id, title, text, url: `https://help.northwind.example/${id}` })
      .expect(202);
    await eventually(
      async () =>
        (
          await request(api.url)
            .get(`/v1/knowledge/sources/${sourceId}/syncs/${accepted.body.sync.id}`)
            .set('Authorization', auth)
        ).body.status === 'completed',
      { what: `${title} to be indexed` },
    );
  }

  const widget = (page: Page) => page.locator('[role="dialog"]');
  const headerStatus = (page: Page) => widget(page).locator('.sb-subtitle');
  const colleagueAsked = (page: Page) => widget(page).getByText('A colleague has been asked to join');
  async function headerSays(page: Page, text: string): Promise<void> {
    await eventually(async () => (await headerStatus(page).innerText()).includes(text), {
      what: `the widget header to say "${text}"`,
      timeoutMs: 15_000,
    });
  }
  // Finished answers only: the draft row of an answer still streaming has the same author and kind.
  const botAnswers = (page: Page) =>
    widget(page).locator('[data-author="bot"][data-kind="answer"]:not([data-streaming="true"])');

  beforeAll(async () => {
    environment = await createTestEnvironment('browser');
    api = await startApi(environment);
    worker = await startWorker(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      // The flow through widget and console is under test, not the calibrated default threshold: a fresh
      // index's first minutes (full-text refresh pending) must not turn the first answer into a handoff.
      .send({ name: 'Northwind Bikes', settings: { handoffMessage: HANDOFF_MESSAGE, confidenceThreshold: 0.5 } })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Help centre', type: 'text', visibility: 'public' })
      .expect(201);
    await addDocument(
      source.body.id,
      'pause-subscription',
      'Pausing your subscription',
      '# Pausing your subscription\n\nYou can pause your e-bike subscription for up to three months per year from the Account page of the app. While paused you pay nothing and we collect the bike within five working days.',
    );
    await addDocument(
      source.body.id,
      'battery-care',
      'Battery care',
      '# Battery care\n\nCharge the battery indoors at room temperature. A full charge takes about four hours and gives a range of 80 kilometres.',
    );
    host = await serveHostPage();
    const inbox = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({
        name: 'Website chat',
        channel: 'widget',
        settings: { title: 'Northwind help', color: '#0f766e', allowedOrigins: [host.origin] },
      })
      .expect(201);
    host.setHtml(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Northwind Bikes</title>
<style>* { font-family: serif; color: #333 } button { background: hotpink }</style></head>
<body><h1>Northwind Bikes</h1><p>E-bikes by subscription.</p>
<script src="${api.url}/widget.js" data-inbox="${inbox.body.inbox.publicKey}" async></script>
</body></html>`);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ ...AGENT, role: 'agent' })
      .expect(201);
    browser = await launchChromium();
    customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    customer = await customerContext.newPage();
    agent = await agentContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('answers with a streamed, cited answer, hands off, lets an agent reply live and hand back', async () => {
    // The host page serves from another origin; the widget must keep working under its hostile global styles.
    expect(new URL(host.url).origin).not.toBe(new URL(api.url).origin);

    // The agent signs in first; signing in is going online (no extra step), so the handoff says a colleague was asked.
    await agent.goto(`${api.url}/console`);
    await agent.getByLabel('E-mail').fill(AGENT.email);
    await agent.getByLabel('Password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect(agent.getByLabel('Availability').inputValue()).resolves.toBe('online');

    await customer.goto(host.url);
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await widget(customer).waitFor();
    // The agent's open console is what makes the widget say someone is online.
    await headerSays(customer, 'We are online');
    await screenshot(customer, SUITE, '01-widget-open');

    // A paste over the limit is kept whole, never cut: the counter names the limit and Send waits.
    await customer.getByLabel('Message').fill('x'.repeat(2100));
    await expect(customer.getByLabel('Message').inputValue()).resolves.toHaveLength(2100);
    await expect(customer.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    await expect(widget(customer).locator('[data-over="true"]').innerText()).resolves.toContain('2100 / 2000');
    await customer.getByLabel('Message').fill('');

    // A question the help centre answers: a draft grows token by token, then the answer with a citation link.
    await customer.evaluate(WATCH_FOR_STREAMING_DRAFT);
    await customer.getByLabel('Message').fill('How long can I pause my subscription?');
    await customer.getByRole('button', { name: 'Send' }).click();
    const firstAnswer = botAnswers(customer).first();
    await firstAnswer.waitFor({ timeout: 30_000 });
    await expect(firstAnswer.innerText()).resolves.toMatch(/three months/i);
    const citation = firstAnswer.locator('.sb-citations a').first();
    await expect(citation.getAttribute('href')).resolves.toBe('https://help.northwind.example/pause-subscription');
    await expect(citation.innerText()).resolves.toContain('Pausing your subscription');
    await expect(customer.evaluate('window.sawStreamingDraft === true')).resolves.toBe(true);
    await screenshot(customer, SUITE, '02-cited-answer');

    // Something it does not cover: the honest handoff message.
    await customer.getByLabel('Message').fill('Can I rent a tandem for my holiday in Portugal next week?');
    await customer.getByRole('button', { name: 'Send' }).click();
    const handoff = widget(customer).locator('[data-author="bot"][data-kind="handoff"]');
    await handoff.waitFor({ timeout: 30_000 });
    await expect(handoff.innerText()).resolves.toContain(HANDOFF_MESSAGE);
    await headerSays(customer, 'A colleague will join shortly');
    await colleagueAsked(customer).waitFor();
    // Asking again while waiting is answered, not ignored.
    await customer.getByRole('button', { name: 'Talk to a human' }).click();
    await widget(customer).getByText("You're already in the queue").waitFor({ timeout: 10_000 });
    await screenshot(customer, SUITE, '03-handoff');

    // The agent sees the ticket live, with its reason and summary, claims it and replies.
    const row = agent.locator('[aria-label="Ticket queue"] [data-ticket-id]').first();
    await row.waitFor({ timeout: 30_000 });
    await expect(row.innerText()).resolves.toContain('Bot unsure');
    await row.click();
    const details = agent.getByRole('region', { name: 'Handoff' });
    await details.waitFor();
    await expect(details.innerText()).resolves.toContain('Bot unsure');
    await expect(details.innerText()).resolves.toMatch(/tandem/i);
    // The transcript's handoff line names the reason as people say it, never the code.
    const transcript = agent.locator('.message--activity').filter({ hasText: 'Handed off to a person' }).first();
    await transcript.waitFor();
    await expect(transcript.innerText()).resolves.toContain('Handed off to a person: Bot unsure');
    await expect(agent.locator('main').innerText()).resolves.not.toContain('low_confidence');
    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.getByRole('button', { name: 'Hand back to bot' }).waitFor();
    await agent
      .getByLabel('Reply', { exact: true })
      .fill('Hi! We only offer subscriptions, but a local shop in Lisbon rents tandems.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await screenshot(agent, SUITE, '04-console-ticket');

    // The customer sees the reply live, without reloading.
    const reply = widget(customer).locator('[data-author="agent"]');
    await reply.waitFor({ timeout: 15_000 });
    await expect(reply.innerText()).resolves.toContain('local shop in Lisbon');
    // The header and notices follow the claim without a reload.
    await headerSays(customer, "You're chatting with our team");
    await eventually(async () => !(await colleagueAsked(customer).isVisible()), {
      what: 'the "colleague has been asked" notice to go once the agent joined',
    });
    await screenshot(customer, SUITE, '05-agent-reply');

    // The agent hands back; the bot answers the next question.
    await agent.getByRole('button', { name: 'Hand back to bot' }).click();
    await eventually(async () => (await agent.getByRole('button', { name: 'Hand back to bot' }).count()) === 0, {
      what: 'the hand-back to take effect',
    });
    // The console says what happened, not "Resolved · Assigned to you".
    const header = agent.locator('.conversation-sub');
    await eventually(async () => (await header.innerText()).includes('Handed back by you'), {
      what: 'the console header to show the hand-back',
    });
    await expect(header.innerText()).resolves.not.toContain('Assigned to you');
    await expect(agent.locator('.conversation-title .status-badge').innerText()).resolves.toMatch(
      /handed back to bot/i,
    );
    // The customer is told the agent left, and the header is the bot's again.
    const left = widget(customer).locator('[data-author="bot"][data-kind="activity"]');
    await left.waitFor({ timeout: 15_000 });
    await expect(left.innerText()).resolves.toContain('Maya Agent has left the conversation');
    await headerSays(customer, 'We are online');
    await customer.getByLabel('Message').fill('How long does a full battery charge take?');
    await customer.getByRole('button', { name: 'Send' }).click();
    await eventually(async () => (await botAnswers(customer).count()) === 2, {
      what: 'the bot to answer after the hand-back',
      timeoutMs: 30_000,
    });
    await expect(botAnswers(customer).nth(1).innerText()).resolves.toMatch(/four hours/i);
    await screenshot(customer, SUITE, '06-bot-back');
    await screenshot(agent, SUITE, '07-console-after-hand-back');

    // With nobody available the widget asks for an e-mail address, and thanks the customer once.
    await agent.getByLabel('Availability').selectOption('offline');
    const agents = api.app.get<DataSource>(getDataSourceToken()).getRepository(Agent);
    await eventually(async () => (await agents.findOneByOrFail({ email: AGENT.email })).availability === 'offline', {
      what: 'the agent to be offline',
    });
    await customer.getByRole('button', { name: 'Talk to a human' }).click();
    await widget(customer).getByLabel('Your e-mail address').fill('rider@example.com');
    // Nobody is there: the header stops promising anyone, and the earlier "already in the queue" is gone.
    await headerSays(customer, "We'll reply as soon as we can");
    await expect(widget(customer).getByText("You're already in the queue").count()).resolves.toBe(0);
    await widget(customer).getByRole('button', { name: 'Notify me' }).click();
    await widget(customer)
      .getByText("Thanks! We'll get back to you at rider@example.com.")
      .waitFor({ timeout: 10_000 });
    // The agents' record of the address is in the console transcript, so the server has finished with it.
    await agent
      .locator('.message--activity')
      .filter({ hasText: 'Customer left rider@example.com for a reply' })
      .waitFor({ timeout: 15_000 });
    await expect(
      widget(customer)
        .getByText(/thanks/i)
        .count(),
    ).resolves.toBe(1);
    await screenshot(customer, SUITE, '08-email-left');
  });
});
