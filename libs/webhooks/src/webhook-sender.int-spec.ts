import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RESPONSE_EXCERPT_BYTES, sendWebhook } from './webhook-sender';

describe('sendWebhook against a local server', () => {
  let server: http.Server;
  let base = '';
  const requests: Array<{ path: string; body: string; signature: string | undefined }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', body, signature: req.headers['switchboard-signature'] as string });
        if (req.url === '/big') res.end('x'.repeat(RESPONSE_EXCERPT_BYTES * 4));
        else if (req.url === '/moved') res.writeHead(301, { location: '/elsewhere' }).end();
        else if (req.url === '/busy') res.writeHead(429, { 'retry-after': '7' }).end('slow down');
        else res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, allowPrivateNetworks = true) =>
    sendWebhook(
      { url: `${base}${path}`, headers: { 'Switchboard-Signature': 't=1,v1=ab' }, body: '{"a":1}' },
      {
        allowPrivateNetworks,
      },
    );

  it('refuses a loopback address unless private networks are allowed, without sending anything', async () => {
    const before = requests.length;
    const refused = await send('/hook', false);
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/^refused by the network guard: /) });
    expect(requests).toHaveLength(before);

    const sent = await send('/hook');
    expect(sent).toMatchObject({ status: 200, error: null, excerpt: 'ok', retryAfterMs: null });
    expect(requests.at(-1)).toEqual({ path: '/hook', body: '{"a":1}', signature: 't=1,v1=ab' });
  });

  it('keeps an excerpt of the body, reads Retry-After, and treats a redirect as a failure it does not follow', async () => {
    expect((await send('/big')).excerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
    expect(await send('/busy')).toMatchObject({
      status: 429,
      error: 'HTTP 429',
      retryAfterMs: 7000,
      excerpt: 'slow down',
    });
    expect(await send('/moved')).toMatchObject({ status: 301, error: 'HTTP 301' });
    expect(requests.some((request) => request.path === '/elsewhere')).toBe(false);
  });
});
