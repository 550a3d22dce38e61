import { resolveEmbedConfig, sessionRequest } from './embed-config';

const page = 'https://shop.example.com/products/1';

describe('resolveEmbedConfig', () => {
  it('uses the origin that served widget.js as the api base', () => {
    const config = resolveEmbedConfig({
      scriptSrc: 'https://chat.example.net:8443/widget.js?v=3',
      attributes: { inbox: 'ib_123' },
      settings: undefined,
      pageUrl: page,
    });
    expect(config).toMatchObject({ baseUrl: 'https://chat.example.net:8443', inboxKey: 'ib_123', userId: null });
  });

  it('falls back to the page origin when the script has no usable src', () => {
    const config = resolveEmbedConfig({ scriptSrc: '', attributes: { inbox: 'ib_1' }, settings: null, pageUrl: page });
    expect(config?.baseUrl).toBe('https://shop.example.com');
    const relative = resolveEmbedConfig({
      scriptSrc: '/widget.js',
      attributes: { inbox: 'ib_1' },
      settings: null,
      pageUrl: page,
    });
    expect(relative?.baseUrl).toBe('https://shop.example.com');
  });

  it('needs an inbox key', () => {
    expect(resolveEmbedConfig({ scriptSrc: null, attributes: { inbox: ' ' }, settings: {}, pageUrl: page })).toBeNull();
  });

  it('takes identity from the settings over the attributes, id and hash as a pair', () => {
    const config = resolveEmbedConfig({
      scriptSrc: 'https://chat.example.net/widget.js',
      attributes: { inbox: 'ib_1', userId: 'attr-user', userHash: 'attr-hash', locale: 'fr' },
      settings: { userId: 42, name: 'Ann', email: 'ann@example.com', locale: 'de', strings: { send: 'Los' } },
      pageUrl: page,
    });
    expect(config).toMatchObject({
      userId: '42',
      userHash: null,
      name: 'Ann',
      email: 'ann@example.com',
      settingsLocale: 'de',
      attributeLocale: 'fr',
      settingsStrings: { send: 'Los' },
    });
  });

  it('reads identity from the script attributes when the page sets no user', () => {
    const config = resolveEmbedConfig({
      scriptSrc: 'https://chat.example.net/widget.js',
      attributes: { inbox: 'ib_1', userId: 'u-7', userHash: 'abc' },
      settings: { name: 'Bo' },
      pageUrl: page,
    });
    expect(config).toMatchObject({ userId: 'u-7', userHash: 'abc', name: 'Bo' });
  });
});

describe('sessionRequest', () => {
  it('sends only what is known', () => {
    const config = resolveEmbedConfig({
      scriptSrc: null,
      attributes: { inbox: 'ib_1', userId: 'u-7', userHash: 'abc' },
      settings: {},
      pageUrl: page,
    });
    if (!config) throw new Error('config expected');
    expect(sessionRequest(config, null)).toEqual({ userId: 'u-7', userHash: 'abc' });
    expect(sessionRequest({ ...config, userId: null, userHash: null }, 'vt')).toEqual({ visitorToken: 'vt' });
  });
});
