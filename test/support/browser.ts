import { mkdir } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';

/** Debian's chromium, headless; tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Screenshots go to test-artifacts/<suite>/, kept by CI as the run's evidence. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = join(__dirname, '..', '..', 'test-artifacts', suite);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface HostPage {
  url: string;
  origin: string;
  /** Replaces the page, e.g. once the inbox that allows this origin exists. */
  setHtml(html: string): void;
  close(): Promise<void>;
}

/** A customer's website on its own origin (its own port), serving one HTML page. */
export async function serveHostPage(initialHtml = '<!doctype html><title>empty</title>'): Promise<HostPage> {
  let html = initialHtml;
  const server: Server = createServer((request, response) => {
    if (request.url === '/favicon.ico') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    setHtml: (next) => {
      html = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
