import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { HostPage, launchChromium, serveHostPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestApi, startTestApi } from '../support/test-api';
import { createWidgetInbox, createWorkspace } from '../support/widget-client';

// Short enough that the widget renews several times during the test, with nothing but real time passing.
const TTL_SECONDS = 4;

interface Payload {
  sourceId: string;
  exp: number;
  gen: number;
}

const payloadOf = (token: string): Payload =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Payload;

/** The widget in a real browser keeps its visitor token fresh by itself, and recovers from a revocation. */
describe('widget visitor token renewal in a browser', () => {
  let api: TestApi;
  let browser: Browser;
  let host: HostPage;
  let page: Page;
  let workspace: { id: string; auth: string };
  let inbox: { id: string; publicKey: string; identitySecret: string };

  const widget = () => page.locator('[role="dialog"]');
  const storedToken = (): Promise<string | null> =>
    page.evaluate<string | null>(`localStorage.getItem('switchboard:${inbox.publicKey}:visitor')`);
  const history = (token: string) =>
    request(api.url)
      .get(`/v1/widget/${inbox.publicKey}/messages`)
      .set('Origin', host.origin)
      .set('Authorization', `Bearer ${token}`);

  async function send(text: string): Promise<void> {
    await page.getByLabel('Message').fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await widget()
      .locator('[data-author="contact"][data-status="sent"]', { hasText: text })
      .waitFor({ timeout: 15_000 });
  }

  /** The next token the widget stores after `previous`. */
  function nextToken(previous: string, what: string): Promise<string> {
    return eventually(
      async () => {
        const token = await storedToken();
        return token !== null && token !== previous ? token : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what },
    );
  }

  beforeAll(async () => {
    api = await startTestApi('widget-renewal', {
      WIDGET_TOKEN_TTL_SECONDS: String(TTL_SECONDS),
      WIDGET_TOKEN_GRACE_SECONDS: '60',
    });
    workspace = await createWorkspace(api, 'Northwind Bikes');
    host = await serveHostPage();
    inbox = await createWidgetInbox(api, workspace.auth, { title: 'Northwind help', allowedOrigins: [host.origin] });
    host.setHtml(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northwind</title></head>
<body><h1>Northwind Bikes</h1>
<script src="${api.url}/widget.js" data-inbox="${inbox.publicKey}" async></script></body></html>`);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await api?.close();
  });

  it('renews the token before it expires and keeps the conversation, then starts anew after a revocation', async () => {
    const calls: string[] = [];
    page.on('request', (sent) => {
      const path = new URL(sent.url()).pathname;
      if (sent.method() === 'POST' && /\/session(\/renew)?$/.test(path))
        calls.push(path.replace(/^.*\/session/, 'session'));
    });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await widget().waitFor();
    await send('Is my bike ready for pick-up?');
    const first = await storedToken();
    expect(first).not.toBeNull();
    const visitor = payloadOf(first ?? '').sourceId;

    // Renewed twice, silently, each time before the token in hand expired: the same visitor every time.
    const second = await nextToken(first ?? '', 'the first silent renewal');
    const third = await nextToken(second, 'the second silent renewal');
    for (const token of [second, third]) {
      expect(payloadOf(token).sourceId).toBe(visitor);
      expect(payloadOf(token).exp).toBeGreaterThan(payloadOf(first ?? '').exp);
    }
    // Real time went past the first token's expiry; the widget never noticed.
    await eventually(async () => (await history(first ?? '')).status === 401, {
      what: 'the first token to expire',
      timeoutMs: 10_000,
    });
    expect((await history(first ?? '')).body.code).toBe('visitor_token_expired');

    await send('And can I pay at the shop?');
    const current = (await storedToken()) ?? '';
    const transcript = await history(current).expect(200);
    expect(transcript.body.messages.filter((m: { author: string }) => m.author === 'contact')).toEqual([
      expect.objectContaining({ content: 'Is my bike ready for pick-up?' }),
      expect.objectContaining({ content: 'And can I pay at the shop?' }),
    ]);
    await expect(widget().locator('[data-author="contact"]').count()).resolves.toBe(2);
    // One session, then only renewals: the widget never had to start over.
    expect(calls[0]).toBe('session');
    expect(calls.slice(1).length).toBeGreaterThanOrEqual(2);
    expect(calls.slice(1).every((call) => call === 'session/renew')).toBe(true);

    // Every token of the inbox revoked: the widget finds out at its next renewal and starts a new session itself.
    await request(api.url)
      .post(`/v1/inboxes/${inbox.id}/visitor-tokens/revoke`)
      .set('Authorization', workspace.auth)
      .expect(200);
    const renewed = await eventually(
      async () => {
        const token = await storedToken();
        return token !== null && payloadOf(token).gen === 1 ? token : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the widget to start a new session after the revocation' },
    );
    expect((await history(current)).status).toBe(401);
    expect(payloadOf(renewed).sourceId).not.toBe(visitor);
    await eventually(async () => (await widget().locator('[data-author="contact"]').count()) === 0, {
      what: 'the old transcript to leave the new session',
    });
    await send('Hello again');
    const fresh = await history((await storedToken()) ?? '').expect(200);
    expect(fresh.body.messages.filter((m: { author: string }) => m.author === 'contact')).toEqual([
      expect.objectContaining({ content: 'Hello again' }),
    ]);
  });
});
