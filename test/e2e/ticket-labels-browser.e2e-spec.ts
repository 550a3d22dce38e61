import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { TestApi, startTestApi } from '../support/test-api';
import { eventually } from '../support/eventually';
import { AGENT_PASSWORD, LabelsWorkspace, SignedInAgent, TicketLabelsClient } from '../support/ticket-labels-client';

const SUITE = 'ticket-labels-browser';

/** An agent filters the queue by labels and corrects a ticket's labels from its header. */
describe('ticket labels in the console', () => {
  let api: TestApi;
  let client: TicketLabelsClient;
  let browser: Browser;
  let page: Page;
  let workspace: LabelsWorkspace;
  let agent: SignedInAgent;

  beforeAll(async () => {
    api = await startTestApi('labels_browser');
    client = new TicketLabelsClient(api);
    workspace = await client.workspace({ ticketTopics: ['billing', 'shipping'] });
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

  /** Waits until the queue lists exactly these tickets, in this order. */
  async function queueShows(ids: string[]): Promise<void> {
    await eventually(
      async () => {
        const shown = await page
          .locator('.queue-list .ticket-row')
          .evaluateAll((links) => links.map((link) => link.getAttribute('data-ticket-id')));
        return JSON.stringify(shown) === JSON.stringify(ids);
      },
      { what: `the queue to list ${ids.join(', ')}` },
    );
  }

  it('shows the labels in the ticket header, saves a correction, and filters the queue by labels and team', async () => {
    const urgent = await client.ticket(workspace, agent, 'I was charged twice on my invoice, fix it immediately');
    const calm = await client.ticket(workspace, agent, 'Where is my parcel? No rush');
    await client
      .admin(workspace)
      .post('/v1/teams', { name: 'Payments', topics: ['billing'] })
      .expect(201);
    await page.goto(`${api.url}/console#/tickets/${urgent.id}`);

    const labels = page.getByLabel('Labels');
    await labels.getByText('Unclassified').waitFor();
    await labels.getByText('High urgency').waitFor();
    await labels.getByText('Labelled by rules').waitFor();

    await labels.getByRole('button', { name: 'Edit labels' }).click();
    await labels.getByLabel('Topic').selectOption('billing');
    await labels.getByRole('button', { name: 'Save labels' }).click();
    await labels.getByText('Labelled by an agent').waitFor();
    await labels.locator('.label-chip--topic', { hasText: 'billing' }).waitFor();
    await screenshot(page, SUITE, 'labels-corrected');

    await queueShows([urgent.id, calm.id]);
    await page.locator('#queue-topic option[value="billing"]').waitFor({ state: 'attached' });
    await page.locator('#queue-topic').selectOption('billing');
    await queueShows([urgent.id]);

    await page.locator('#queue-topic').selectOption('');
    await page.locator('#queue-urgency').selectOption('low');
    await queueShows([calm.id]);

    await page.locator('#queue-urgency').selectOption('');
    // The team was added after the queue first loaded: a queue load refreshes the choices.
    await page.locator('#queue-team option', { hasText: 'Payments' }).waitFor({ state: 'attached' });
    await page.locator('#queue-team').selectOption({ label: 'Payments' });
    await queueShows([urgent.id]);
    await screenshot(page, SUITE, 'queue-filtered-by-team');
  });
});
