import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import { HostPage, launchChromium, screenshot, serveHostPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startTestApi } from '../support/test-api';
import { createWorkspace } from '../support/widget-client';

const SUITE = 'widget-attachments-browser';
const AGENT = { email: 'ana@northwind.example', name: 'Ana Agent', password: 'correct horse battery staple' };
const IMAGE_NAME = 'broken-strap.png';

/** What the test reads of an <img> in the page (the root tsconfig has no DOM types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}

/** A real 48×32 PNG (a teal square), so the console's preview has pixels to show. */
function solidPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x0f, 0x76, 0x6e]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A customer attaches a photo with the widget's paperclip; the agent sees its preview and downloads it. */
describe('widget attachments in a browser', () => {
  const image = solidPng(48, 32);
  let api: TestApi;
  let host: HostPage;
  let browser: Browser;
  let customer: Page;
  let agent: Page;
  let auth: string;

  const widget = () => customer.locator('[role="dialog"]');

  beforeAll(async () => {
    api = await startTestApi('attachments_browser');
    const workspace = await createWorkspace(api, 'Northwind Bikes');
    auth = workspace.auth;
    host = await serveHostPage();
    const inbox = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({ name: 'Website chat', channel: 'widget', settings: { allowedOrigins: [host.origin] } })
      .expect(201);
    host.setHtml(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northwind Bikes</title></head>
<body><h1>Northwind Bikes</h1>
<script src="${api.url}/widget.js" data-inbox="${inbox.body.inbox.publicKey}" async></script></body></html>`);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ ...AGENT, role: 'agent' })
      .expect(201);
    browser = await launchChromium();
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    agent = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    ).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await api?.close();
  });

  it('sends an image from the paperclip; the agent sees its preview and downloads the same bytes', async () => {
    await customer.goto(host.url);
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await widget().waitFor();
    await customer.getByRole('button', { name: 'Attach an image or PDF' }).waitFor();
    await customer
      .locator('input[type="file"]')
      .setInputFiles({ name: IMAGE_NAME, mimeType: 'image/png', buffer: image });
    const sent = widget().locator('[data-author="contact"][data-status="sent"]').filter({ hasText: IMAGE_NAME });
    await sent.waitFor();
    await expect(sent.locator('.sb-file').innerText()).resolves.toBe(`${IMAGE_NAME} (${image.length} B)`);
    await screenshot(customer, SUITE, '01-widget-sent');

    await customer.getByRole('button', { name: 'Talk to a human' }).click();
    const ticketId = await openTicketId();

    await agent.goto(`${api.url}/console`);
    await agent.getByLabel('E-mail').fill(AGENT.email);
    await agent.getByLabel('Password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('button', { name: 'Sign out' }).waitFor();
    await agent.goto(`${api.url}/console#/tickets/${ticketId}`);

    const preview = agent.getByRole('img', { name: `Preview of ${IMAGE_NAME}` });
    await preview.waitFor();
    await eventually(() => preview.evaluate((element: LoadedImage) => element.complete && element.naturalWidth > 0), {
      what: 'the preview image to load',
    });
    await expect(
      preview.evaluate((element: LoadedImage) => [element.naturalWidth, element.naturalHeight]),
    ).resolves.toEqual([48, 32]);
    await expect(preview.getAttribute('src')).resolves.toMatch(/^blob:/);
    await screenshot(agent, SUITE, '02-console-preview');

    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      agent.getByRole('button', { name: `Download ${IMAGE_NAME} (${image.length} B)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(IMAGE_NAME);
    const saved = await download.path();
    expect(Buffer.compare(await readFile(saved), image)).toBe(0);
  });

  /** The ticket the customer's "Talk to a human" opened, as the agent's queue lists it. */
  async function openTicketId(): Promise<string> {
    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: AGENT.email, password: AGENT.password })
      .expect(200);
    return eventually(
      async () => {
        const queue = await request(api.url)
          .get('/v1/console/tickets?status=active&scope=all')
          .set('Authorization', `Bearer ${login.body.token}`)
          .expect(200);
        return (queue.body.tickets as Array<{ id: string }>)[0]?.id;
      },
      { what: 'the ticket of the handoff' },
    );
  }
});
