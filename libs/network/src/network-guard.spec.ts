import net from 'node:net';
import type { LookupAddress } from 'node:dns';
import { assertPublicUrl, classifyAddress, createGuardedLookup, RefusedUrlError } from './network-guard';
import type { NetworkGuardOptions } from './network-guard';

const DENY: NetworkGuardOptions = { allowPrivateNetworks: false };

async function refusal(url: string, options: NetworkGuardOptions = DENY): Promise<RefusedUrlError> {
  try {
    await assertPublicUrl(url, options);
  } catch (error) {
    if (error instanceof RefusedUrlError) return error;
    throw error;
  }
  throw new Error(`${url} was not refused`);
}

const resolvesTo =
  (...addresses: string[]) =>
  (): Promise<LookupAddress[]> =>
    Promise.resolve(addresses.map((address) => ({ address, family: net.isIP(address) })));

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::1', 'loopback'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:2800:220:1:248:1893:25c8:1946',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });
});

describe('assertPublicUrl', () => {
  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://127.0.0.1:8080/admin', /loopback/],
    ['http://10.0.0.5/', /10\.0\.0\.5 is a private address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://[::1]:3000/', /::1 is a loopback address/],
    ['http://[::ffff:127.0.0.1]/', /loopback address/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /loopback address/],
    ['http://100.100.100.200/', /carrier-grade NAT/],
  ])('refuses %s', async (url, message) => {
    const error = await refusal(url);
    expect(error.reason).toBe('non_public_address');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Refused http:\/\//);
  });

  it('refuses a hostname that resolves to loopback (localhost)', async () => {
    const error = await refusal('http://localhost:3000/help');
    expect(error.reason).toBe('non_public_address');
    expect(error.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it('refuses a hostname when any of its addresses is private', async () => {
    const error = await refusal('https://help.example.test/', {
      ...DENY,
      resolve: resolvesTo('93.184.216.34', '192.168.0.10'),
    });
    expect(error.message).toBe(
      'Refused https://help.example.test/: help.example.test resolves to 192.168.0.10, a private address',
    );
  });

  it.each([
    ['file:///etc/passwd', 'scheme', /only http and https URLs can be fetched \(got file:\)/],
    ['ftp://example.test/file', 'scheme', /got ftp:/],
    ['javascript:alert(1)', 'scheme', /got javascript:/],
    ['http://user:secret@example.test/', 'credentials', /embedded credentials/],
    ['not a url', 'invalid_url', /not a valid absolute URL/],
  ])('refuses %s (%s)', async (url, reason, message) => {
    const error = await refusal(url);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret');
  });

  it('refuses a hostname that does not resolve', async () => {
    const error = await refusal('https://nowhere.example.test/', {
      ...DENY,
      resolve: () => Promise.reject(new Error('getaddrinfo ENOTFOUND nowhere.example.test')),
    });
    expect(error.reason).toBe('unresolvable');
    expect(error.message).toMatch(/cannot resolve nowhere\.example\.test/);
  });

  it('passes a public literal address without connecting to it', async () => {
    await expect(assertPublicUrl('http://93.184.216.34/', DENY)).resolves.toBeInstanceOf(URL);
    await expect(assertPublicUrl('https://93.184.216.34:8443/docs?q=1', DENY)).resolves.toBeInstanceOf(URL);
  });

  it('passes a hostname whose addresses are all public', async () => {
    const options = { ...DENY, resolve: resolvesTo('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946') };
    await expect(assertPublicUrl('https://help.example.test/', options)).resolves.toBeInstanceOf(URL);
  });

  it('lets private addresses through when allowed', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:8080/', { allowPrivateNetworks: true })).resolves.toBeInstanceOf(
      URL,
    );
    await expect(assertPublicUrl('http://localhost/', { allowPrivateNetworks: true })).resolves.toBeInstanceOf(URL);
  });

  it('still refuses non-http schemes and credentials when private networks are allowed', async () => {
    const allow = { allowPrivateNetworks: true };
    expect((await refusal('file:///etc/passwd', allow)).reason).toBe('scheme');
    expect((await refusal('http://a:b@127.0.0.1/', allow)).reason).toBe('credentials');
  });
});

describe('createGuardedLookup', () => {
  type Outcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
  const run = (lookup: ReturnType<typeof createGuardedLookup>, all: boolean) =>
    new Promise<Outcome>((resolve) =>
      lookup('rebind.example.test', { all }, (error, address, family) => resolve({ error, address, family })),
    );

  it('checks the addresses on every connection, defeating DNS rebinding', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const lookup = createGuardedLookup({ ...DENY, resolve: () => resolvesTo(...(answers.shift() ?? []))() });
    expect(await run(lookup, false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    const second = await run(lookup, true);
    expect(second.error).toBeInstanceOf(RefusedUrlError);
    expect(second.error?.message).toMatch(/resolves to 127\.0\.0\.1, a loopback address/);
  });

  it('answers both the single-address and the all-addresses forms', async () => {
    const lookup = createGuardedLookup({ ...DENY, resolve: resolvesTo('93.184.216.34', '2606:2800:220:1::1') });
    expect(await run(lookup, false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect((await run(lookup, true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('is what the socket connects with: a refused lookup never reaches the server', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const connect = (options: NetworkGuardOptions) =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: 'rebind.example.test', port, lookup: createGuardedLookup(options) });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      });
    try {
      await expect(connect({ ...DENY, resolve: resolvesTo('127.0.0.1') })).rejects.toThrow(/loopback address/);
      expect(connections).toBe(0);
      await expect(connect({ allowPrivateNetworks: true, resolve: resolvesTo('127.0.0.1') })).resolves.toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
