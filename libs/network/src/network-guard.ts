import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

export type RefusalReason = 'invalid_url' | 'scheme' | 'credentials' | 'unresolvable' | 'non_public_address';

export type AddressCategory =
  'loopback' | 'private' | 'link-local' | 'carrier-grade NAT' | 'unspecified' | 'multicast' | 'reserved';

/** A URL Switchboard must not fetch (crawler, actions); `reason` is machine-readable, the message names it for humans. */
export class RefusedUrlError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'RefusedUrlError';
  }
}

export interface NetworkGuardOptions {
  /** Only for self-hosted help centres on an internal network (and tests). */
  allowPrivateNetworks: boolean;
  /** Resolves every address of a hostname; defaults to the system resolver (dns.lookup, all: true). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

type Prefix = readonly [bytes: readonly number[], length: number];

const IPV4_BLOCKS: ReadonlyArray<readonly [Prefix, AddressCategory]> = [
  [[[0, 0, 0, 0], 8], 'unspecified'],
  [[[10, 0, 0, 0], 8], 'private'],
  [[[100, 64, 0, 0], 10], 'carrier-grade NAT'],
  [[[127, 0, 0, 0], 8], 'loopback'],
  [[[169, 254, 0, 0], 16], 'link-local'],
  [[[172, 16, 0, 0], 12], 'private'],
  [[[192, 0, 0, 0], 24], 'reserved'],
  [[[192, 168, 0, 0], 16], 'private'],
  [[[198, 18, 0, 0], 15], 'reserved'],
  [[[224, 0, 0, 0], 4], 'multicast'],
  [[[240, 0, 0, 0], 4], 'reserved'],
];

const IPV6_BLOCKS: ReadonlyArray<readonly [Prefix, AddressCategory]> = [
  [[bytes16([]), 128], 'unspecified'],
  [[bytes16([[15, 1]]), 128], 'loopback'],
  [
    [
      bytes16([
        [0, 0x00],
        [1, 0x64],
        [2, 0xff],
        [3, 0x9b],
        [4, 0x00],
        [5, 0x01],
      ]),
      48,
    ],
    'private',
  ],
  [[bytes16([[0, 0x01]]), 64], 'reserved'],
  [[bytes16([[0, 0xfc]]), 7], 'private'],
  [
    [
      bytes16([
        [0, 0xfe],
        [1, 0x80],
      ]),
      10,
    ],
    'link-local',
  ],
  [
    [
      bytes16([
        [0, 0xfe],
        [1, 0xc0],
      ]),
      10,
    ],
    'private',
  ],
  [[bytes16([[0, 0xff]]), 8], 'multicast'],
];

/** IPv6 ranges that carry an IPv4 address, which is what the packet really reaches. */
const IPV6_EMBEDDING_IPV4: ReadonlyArray<readonly [Prefix, number]> = [
  [
    [
      bytes16([
        [10, 0xff],
        [11, 0xff],
      ]),
      96,
    ],
    12,
  ],
  [
    [
      bytes16([
        [1, 0x64],
        [2, 0xff],
        [3, 0x9b],
      ]),
      96,
    ],
    12,
  ],
  [[bytes16([]), 96], 12],
  [
    [
      bytes16([
        [0, 0x20],
        [1, 0x02],
      ]),
      16,
    ],
    2,
  ],
];

function bytes16(set: ReadonlyArray<readonly [number, number]>): number[] {
  const bytes = new Array<number>(16).fill(0);
  for (const [index, value] of set) bytes[index] = value;
  return bytes;
}

function matches(address: readonly number[], [network, length]: Prefix): boolean {
  for (let bit = 0; bit < length; bit += 8) {
    const take = Math.min(8, length - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((address[bit / 8] & mask) !== (network[bit / 8] & mask)) return false;
  }
  return true;
}

function parseIpv4(address: string): number[] {
  return address.split('.').map(Number);
}

function parseIpv6(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = parseIpv4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function classifyIpv4(bytes: readonly number[]): AddressCategory | undefined {
  return IPV4_BLOCKS.find(([prefix]) => matches(bytes, prefix))?.[1];
}

/** The category of a non-public IP address, or undefined when publicly routable; throws for a non-IP. */
export function classifyAddress(address: string): AddressCategory | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return classifyIpv4(parseIpv4(bare));
  if (family !== 6) throw new RefusedUrlError('invalid_url', `"${address}" is not an IP address`);
  const bytes = parseIpv6(bare);
  const direct = IPV6_BLOCKS.find(([prefix]) => matches(bytes, prefix))?.[1];
  if (direct) return direct;
  const embedding = IPV6_EMBEDDING_IPV4.find(([prefix]) => matches(bytes, prefix));
  return embedding ? classifyIpv4(bytes.slice(embedding[1], embedding[1] + 4)) : undefined;
}

/** Checks what can be checked without DNS: a parseable http(s) URL without credentials. */
export function assertUrlShape(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new RefusedUrlError('invalid_url', `Refused "${String(url)}": not a valid absolute URL`, String(url));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RefusedUrlError(
      'scheme',
      `Refused ${parsed.href}: only http and https URLs can be fetched (got ${parsed.protocol})`,
      parsed.href,
    );
  }
  if (parsed.username || parsed.password) {
    throw new RefusedUrlError(
      'credentials',
      `Refused ${parsed.protocol}//${parsed.host}${parsed.pathname}: URLs with embedded credentials are not allowed`,
      `${parsed.protocol}//${parsed.host}${parsed.pathname}`,
    );
  }
  return parsed;
}

function hostnameOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

const systemResolve = (hostname: string): Promise<LookupAddress[]> =>
  dnsLookup(hostname, { all: true, order: 'verbatim' });

/** Resolves `hostname` and returns all its addresses, refusing if any of them is not public. */
export async function resolvePublicAddresses(
  hostname: string,
  options: NetworkGuardOptions,
  url: string = hostname,
): Promise<LookupAddress[]> {
  const resolve = options.resolve ?? systemResolve;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RefusedUrlError('unresolvable', `Refused ${url}: cannot resolve ${hostname} (${detail})`, url);
  }
  if (addresses.length === 0) {
    throw new RefusedUrlError('unresolvable', `Refused ${url}: ${hostname} has no addresses`, url);
  }
  if (options.allowPrivateNetworks) return addresses;
  for (const { address } of addresses) {
    const category = classifyAddress(address);
    if (category) {
      const via = isIP(hostname) ? `${hostname} is` : `${hostname} resolves to ${address},`;
      const article = /^[aeiou]/.test(category) ? 'an' : 'a';
      throw new RefusedUrlError('non_public_address', `Refused ${url}: ${via} ${article} ${category} address`, url);
    }
  }
  return addresses;
}

/** Refuses a URL that is not http(s), carries credentials, or resolves to a non-public address. */
export async function assertPublicUrl(url: string | URL, options: NetworkGuardOptions): Promise<URL> {
  const parsed = assertUrlShape(url);
  await resolvePublicAddresses(hostnameOf(parsed), options, parsed.href);
  return parsed;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/http/tls connect options: the socket connects only to addresses checked here. */
export type GuardedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

export function createGuardedLookup(options: NetworkGuardOptions): GuardedLookup {
  return (hostname, lookupOptions, callback) => {
    resolvePublicAddresses(hostname, options).then(
      (all) => {
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const usable = family === 4 || family === 6 ? all.filter((entry) => entry.family === family) : all;
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
          error.code = 'ENOTFOUND';
          callback(error, lookupOptions.all ? [] : '');
          return;
        }
        if (lookupOptions.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, lookupOptions.all ? [] : ''),
    );
  };
}
