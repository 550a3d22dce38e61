import { INestApplicationContext } from '@nestjs/common';
import { OFFLINE_REWRITE_REASON } from '@switchboard/assist';
import { ConversationMessagesService } from '@switchboard/conversations';
import { TicketsService } from '@switchboard/handoff';
import { OpenAiDouble, ScriptedChatReply } from '@switchboard/llm/testing';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startApi, startTestApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WidgetVisitorClient, addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SUITE = 'console-assist-browser';
const AGENT = { email: 'ana@northwind.example', name: 'Ana Agent', password: 'correct horse battery staple' };
const QUESTION = 'How many days do I have to return shoes?';

interface WidgetMessage {
  author: string;
  content: string;
}

/** An agent drafts a reply with Suggest reply, edits it and sends it; the customer gets the edited text. */
describe('console assist in a browser', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let visitor: WidgetVisitorClient;
  let ticketId: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('assist_browser');
    api = await startApi(environment);
    worker = await startWorker(environment);
    const workspace = await createWorkspace(api, 'Northwind Shoes');
    await addKnowledge(api, workspace.auth, [
      {
        id: 'returns',
        title: 'Returns policy',
        text: 'You can return unworn shoes within 30 days of delivery for a full refund. Print the label from your order page.',
      },
    ]);
    const inbox = await createWidgetInbox(api, workspace.auth);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', workspace.auth)
      .send({ ...AGENT, role: 'agent' })
      .expect(201);

    // The customer asks in the widget, then asks for a person: a ticket in the queue.
    visitor = new WidgetVisitorClient(api, inbox.publicKey);
    await visitor.session({ name: 'Carla' });
    await visitor.send(QUESTION).expect(202);
    await eventually(async () => (await customerTranscript()).some((message) => message.author === 'bot'), {
      what: "the bot's answer in the widget",
    });
    await visitor.post('handoff').expect(200);
    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: AGENT.email, password: AGENT.password })
      .expect(200);
    const queue = await request(api.url)
      .get('/v1/console/tickets?status=active&scope=all')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    const ticket = (queue.body.tickets as Array<{ id: string; conversationId: string }>).find(
      (candidate) => candidate.conversationId === visitor.conversationId,
    );
    if (!ticket) throw new Error('the handoff opened no ticket');
    ticketId = ticket.id;

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(page, api.url);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  async function customerTranscript(): Promise<WidgetMessage[]> {
    const response = await visitor.get('messages').expect(200);
    return response.body.messages as WidgetMessage[];
  }

  it('fills the reply box with a suggested draft and its citations; the customer gets the edited text only on Send', async () => {
    await page.goto(`${api.url}/console#/tickets/${ticketId}`);
    await page.locator('button[data-action="claim"]').click();
    await page.getByText('Assigned to you').first().waitFor();

    const reply = page.getByLabel('Reply', { exact: true });
    await expect(reply.inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Suggest reply' }).click();
    const suggestion = page.getByRole('region', { name: 'Suggested reply' });
    await suggestion.waitFor();
    const draft = await reply.inputValue();
    expect(draft).toContain('30 days');
    await expect(suggestion.getByRole('list', { name: 'Citations' }).innerText()).resolves.toBe('[1] Returns policy');
    await expect(suggestion.locator('.assist-confidence').innerText()).resolves.toMatch(
      /^confidence \d\.\d\d · from the knowledge base, no model$/,
    );
    await screenshot(page, SUITE, '01-suggested');
    // A suggestion is never sent by itself: the customer has nothing from the agent yet.
    expect((await customerTranscript()).filter((message) => message.author === 'agent')).toEqual([]);

    const edited = `Hi Carla, thanks for waiting. ${draft.trim()} Anything else I can help with?`;
    await reply.fill(edited);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await eventually(async () => (await customerTranscript()).some((message) => message.author === 'agent'), {
      what: "the agent's reply in the customer's transcript",
    });
    const fromAgent = (await customerTranscript()).filter((message) => message.author === 'agent');
    expect(fromAgent.map((message) => message.content)).toEqual([edited]);
    await expect(reply.inputValue()).resolves.toBe('');
    // The suggestion was about the text that left: it goes with it.
    await expect(suggestion.isVisible()).resolves.toBe(false);
    await screenshot(page, SUITE, '02-sent');
  });

  it('keeps the rewrite styles disabled offline, with the reason as visible text and as their title', async () => {
    const styles = page.getByRole('group', { name: 'Rewrite' }).getByRole('button');
    await expect(styles.allInnerTexts()).resolves.toEqual([
      'Shorter',
      'Friendlier',
      'More formal',
      'Fix grammar',
      "Translate to customer's language",
    ]);
    for (const button of await styles.all()) {
      await expect(button.isDisabled()).resolves.toBe(true);
      await expect(button.getAttribute('title')).resolves.toBe(OFFLINE_REWRITE_REASON);
    }
    await expect(page.locator('.assist-offline').innerText()).resolves.toBe(OFFLINE_REWRITE_REASON);
  });

  it('shows a summary of the conversation in the details panel on demand', async () => {
    const card = page.getByRole('region', { name: 'Summary' });
    await expect(card.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Summarise' }).click();
    await card.getByText(QUESTION, { exact: false }).waitFor();
    await expect(card.innerText()).resolves.toMatch(/^Summary\n+Conversation of \d+ messages\./i);
    await screenshot(page, SUITE, '03-summary');
  });

  it('keeps what the agent typed when a suggestion arrives, until they choose to replace it', async () => {
    const reply = page.getByLabel('Reply', { exact: true });
    await reply.fill('Let me check that for you.');
    await page.getByRole('button', { name: 'Suggest reply' }).click();
    const suggestion = page.getByRole('region', { name: 'Suggested reply' });
    await suggestion.getByRole('button', { name: 'Replace my text' }).waitFor();
    const draft = await suggestion.locator('.assist-suggestion-text').innerText();
    expect(draft).toContain('30 days');
    await expect(reply.inputValue()).resolves.toBe('Let me check that for you.');
    await suggestion.getByRole('button', { name: 'Replace my text' }).click();
    await expect(reply.inputValue()).resolves.toBe(draft);
    await expect(suggestion.getByRole('button', { name: 'Replace my text' }).count()).resolves.toBe(0);
  });
});

/** With a model: the agent rewrites their draft, reads the result, and accepts or discards it. */
describe('console assist rewrites in a browser (OpenAI double)', () => {
  let llm: OpenAiDouble;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  let ticketId: string;
  let rewriteWith: () => ScriptedChatReply;

  beforeAll(async () => {
    llm = await OpenAiDouble.start({
      respond: (body) =>
        JSON.stringify(body.messages[0]?.content ?? '').includes("You rewrite a support agent's draft")
          ? rewriteWith()
          : { text: 'Sorry, I can only help with rewrites here.' },
    });
    api = await startTestApi('assist_browser_llm', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
    });
    const workspace = await createWorkspace(api, 'Northwind Boots');
    const inbox = await createWidgetInbox(api, workspace.auth);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', workspace.auth)
      .send({ ...AGENT, role: 'agent' })
      .expect(201);
    const messages = api.app.get(ConversationMessagesService);
    const { conversation } = await messages.openConversation(workspace.id, {
      inboxId: inbox.id,
      sourceId: 'visitor-rewrite',
      name: 'Dora',
    });
    await messages.receiveCustomerMessage(workspace.id, conversation.id, {
      content: 'My boots arrived with a broken zip.',
      clientMessageId: 'rewrite-1',
    });
    const { ticket } = await api.app
      .get(TicketsService)
      .openTicket(workspace.id, conversation.id, { reason: 'customer_asked' });
    ticketId = ticket.id;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(page, api.url);
  });

  afterEach(() => {
    expect(llm.problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await llm?.close();
  });

  it('shows a rewrite to discard or accept, and what the output filter removed from it', async () => {
    await page.goto(`${api.url}/console#/tickets/${ticketId}`);
    await page.locator('button[data-action="claim"]').click();
    const reply = page.getByLabel('Reply', { exact: true });
    const original = 'sorry ur zip broke, we send new boots';
    await reply.fill(original);
    const styles = page.getByRole('group', { name: 'Rewrite' });
    await expect(page.locator('.assist-offline').isVisible()).resolves.toBe(false);

    rewriteWith = () => ({ text: 'Sorry about the zip: new boots are on their way.' });
    await styles.getByRole('button', { name: 'Shorter' }).click();
    const result = page.getByRole('region', { name: 'Rewrite result' });
    await result.getByText('Sorry about the zip: new boots are on their way.').waitFor();
    await result.getByRole('button', { name: 'Discard' }).click();
    await expect(result.isVisible()).resolves.toBe(false);
    await expect(reply.inputValue()).resolves.toBe(original);

    rewriteWith = () => ({
      text: "We're so sorry about the zip! New boots are on their way; track them at https://evil.example/track.",
    });
    await styles.getByRole('button', { name: 'Friendlier' }).click();
    await result.getByText('Removed because the conversation does not contain it: a link.').waitFor();
    const rewritten = await result.locator('.assist-rewrite-text').innerText();
    expect(rewritten).toContain("We're so sorry about the zip!");
    expect(rewritten).not.toContain('evil.example');
    await screenshot(page, SUITE, '04-rewrite');
    await result.getByRole('button', { name: 'Accept' }).click();
    await expect(reply.inputValue()).resolves.toBe(rewritten);
    await expect(result.isVisible()).resolves.toBe(false);
  });
});

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('E-mail').fill(AGENT.email);
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
