import { ActionDefinitionsService } from '@switchboard/actions';
import { ConversationMessagesService } from '@switchboard/conversations';
import { asWorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium, screenshot } from '../support/browser';
import { TestApi, startTestApi } from '../support/test-api';

const SUITE = 'console-actions-browser';
const SECRET = 'tok_browser_7e6d5c';
const ADMIN = { email: 'ada@northwind.example', name: 'Ada Admin', password: 'correct horse battery staple' };
const AGENT = { email: 'max@northwind.example', name: 'Max Agent', password: ADMIN.password };

/** An admin declares an action in the console, and an agent reads the bot's action calls in a transcript. */
describe('console actions in a browser', () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  let auth: string;
  let workspaceId: string;
  let inboxId: string;

  beforeAll(async () => {
    api = await startTestApi('actions_browser');
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Northwind Bikes' })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
    workspaceId = created.body.workspace.id;
    await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', auth)
      .send({ actionHosts: ['api.northwind.example'] })
      .expect(200);
    const inbox = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({ name: 'Website chat', channel: 'widget' })
      .expect(201);
    inboxId = inbox.body.inbox.id;
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
    await api?.close();
  });

  it('lets an admin add an action, shows the server’s errors beside the fields, lists, changes and deletes it', async () => {
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    await page.getByText('No actions yet.').waitFor();

    await page.getByLabel('Name', { exact: true }).fill('order_status');
    await page.getByLabel('Description').fill('Look up where an order is.');
    await page.getByLabel('URL template').fill('https://evil.example/orders/{order_number}');
    await page.getByLabel('Parameters (JSON Schema)').fill(
      JSON.stringify({
        type: 'object',
        properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$' } },
        required: ['order_number'],
      }),
    );
    await page.getByLabel('Headers').fill('Authorization: Bearer {{secrets.API_TOKEN}}');
    await page.getByRole('button', { name: 'Add a secret' }).click();
    await page.getByLabel('Secret name').fill('API_TOKEN');
    await page.getByLabel('Secret value').fill(SECRET);
    await page.getByLabel('Slack').uncheck();
    await page.getByRole('button', { name: 'Add action' }).click();

    // The server refuses a host off the allow-list; its message shows under the URL field.
    const urlError = page.locator('#action-url-error');
    await urlError.waitFor();
    await expect(urlError.innerText()).resolves.toMatch(/evil\.example is not one of the workspace's action hosts/);
    await expect(page.getByLabel('URL template').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, SUITE, '01-field-error');

    await page.getByLabel('URL template').fill('https://api.northwind.example/orders/{order_number}');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByText('Added order_status.').waitFor();
    const row = page.locator('tr[data-action-id]').filter({ hasText: 'order_status' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 8)).toEqual([
      'order_status',
      'GET',
      'api.northwind.example',
      'No',
      'None',
      'Enabled',
      'Customers and staff',
      'Widget, E-mail',
    ]);
    await screenshot(page, SUITE, '02-listed');

    // Editing shows the secret by name only; its value is never sent back to the page.
    await page.getByRole('button', { name: 'Edit order_status' }).click();
    await page.getByRole('heading', { name: 'Edit order_status' }).waitFor();
    const secretRow = page.locator('.secret-row[data-secret="API_TOKEN"]');
    await expect(secretRow.locator('input[type="password"]').inputValue()).resolves.toBe('');
    await expect(page.content()).resolves.not.toContain(SECRET);
    // Removing the secret its header uses is refused, and the server's message shows beside the headers.
    await page.getByLabel('Remove API_TOKEN').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const headersError = page.locator('#action-headers-error');
    await headersError.waitFor();
    await expect(headersError.innerText()).resolves.toMatch(/API_TOKEN, which is not set/);
    // A new value replaces the stored one; the description changes with it.
    await page.getByLabel('Remove API_TOKEN').uncheck();
    await secretRow.locator('input[type="password"]').fill(`${SECRET}-2`);
    await page.getByLabel('Description').fill('Where an order is, by its number.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved order_status.').waitFor();
    await page.getByRole('heading', { name: 'Add an action' }).waitFor();
    const [stored] = await api.app.get(ActionDefinitionsService).list(asWorkspaceId(workspaceId));
    expect(stored).toMatchObject({ description: 'Where an order is, by its number.', channels: ['widget', 'email'] });
    await expect(
      api.app.get(ActionDefinitionsService).openSecrets(asWorkspaceId(workspaceId), stored.id),
    ).resolves.toEqual({ API_TOKEN: `${SECRET}-2` });

    // Delete asks first; keeping it changes nothing, confirming removes it.
    await page.getByRole('button', { name: 'Delete order_status' }).click();
    await page.getByRole('button', { name: 'Keep' }).click();
    await expect(row.count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Delete order_status' }).click();
    await page
      .getByRole('group', { name: 'Confirm deleting order_status' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No actions yet.').waitFor();
  });

  it("shows a bot answer's action calls and a pending confirmation in the transcript", async () => {
    const workspace = asWorkspaceId(workspaceId);
    const messages = api.app.get(ConversationMessagesService);
    const { conversation } = await messages.openConversation(workspace, {
      inboxId,
      sourceId: 'visitor-browser',
      name: 'Customer',
    });
    await messages.receiveCustomerMessage(workspace, conversation.id, {
      content: 'Where is order NW-12345?',
      clientMessageId: 'browser-1',
    });
    await messages.addBotMessage(workspace, conversation.id, {
      kind: 'answer',
      content: 'Order NW-12345 has shipped. Shall I cancel order NW-12346?',
      // The bot's turn stores these keys; the metadata type does not declare them yet.
      metadata: {
        actionCalls: [
          {
            action: 'order_status',
            arguments: { order_number: 'NW-12345', customer_email: '[verified identity]' },
            status: 200,
            latencyMs: 84,
            outcome: 'ok',
            attempts: 1,
            responseExcerpt: '{"status":"<b>shipped</b>"}',
          },
        ],
        confirmation: { action: 'cancel_order', arguments: { order_number: 'NW-12346' } },
      },
    });
    const { ticket } = await api.app
      .get(TicketsService)
      .openTicket(workspace, conversation.id, { reason: 'customer_asked' });

    await page.goto(`${api.url}/console#/tickets/${ticket.id}`);
    const call = page.locator('.action-call[data-action="order_status"]');
    await call.waitFor();
    await expect(call.locator('.action-call-head').innerText()).resolves.toBe(
      'Action order_status · HTTP 200 · OK · 84 ms',
    );
    await expect(call.locator('.action-call-args').innerText()).resolves.toBe(
      'order_number: NW-12345, customer_email: [verified identity]',
    );
    // The excerpt is collapsed, and shown as text: the markup in it is not parsed.
    const excerpt = call.locator('details');
    await expect(excerpt.getAttribute('open')).resolves.toBeNull();
    await excerpt.locator('summary').click();
    await expect(excerpt.locator('pre').innerText()).resolves.toBe('{"status":"<b>shipped</b>"}');
    await expect(excerpt.locator('b').count()).resolves.toBe(0);
    await expect(page.locator('.action-confirmation').innerText()).resolves.toBe(
      'Awaiting confirmation: cancel_order (order_number: NW-12346)',
    );
    await screenshot(page, SUITE, '03-transcript');
  });

  it('keeps the Actions page from agents: no link, and its address leads to the queue', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agent = await context.newPage();
    await agent.goto(`${api.url}/console`);
    await agent.getByLabel('E-mail').fill(AGENT.email);
    await agent.getByLabel('Password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('link', { name: 'Queue' }).waitFor();
    await expect(agent.getByRole('link', { name: 'Actions' }).count()).resolves.toBe(0);
    await agent.goto(`${api.url}/console#/actions`);
    await agent.waitForURL(/#\/tickets$/);
    await expect(agent.getByRole('heading', { name: 'Actions', level: 1 }).count()).resolves.toBe(0);
    await context.close();
  });
});
