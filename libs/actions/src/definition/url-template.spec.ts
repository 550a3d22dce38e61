import { expandUrlTemplate, hostOf, placeholdersOf, urlTemplateProblems } from './url-template';

describe('URL templates', () => {
  const names = ['order_number', 'note'];
  const required = ['order_number'];

  it('accepts an absolute http(s) URL with placeholders naming required parameters in the path', () => {
    expect(urlTemplateProblems('https://api.example.com/orders/{order_number}/cancel', names, required)).toEqual([]);
    expect(placeholdersOf('https://api.example.com/orders/{order_number}/cancel')).toEqual(['order_number']);
    expect(hostOf('https://API.Example.com:8443/orders/{order_number}')).toBe('api.example.com');
  });

  it.each([
    ['/orders/{order_number}', /must be an absolute URL/],
    ['ftp://api.example.com/orders', /must be an http or https URL/],
    ['https://user:pass@api.example.com/orders', /must not carry credentials/],
    ['https://api.example.com/orders#top', /must not have a #fragment/],
    ['https://api.example.com/orders/{order}', /placeholder \{order\} is not a declared parameter/],
    ['https://api.example.com/orders/{note}', /placeholder \{note\} must be a required parameter/],
    ['https://api.example.com/orders?id={order_number}', /placeholder \{order_number\} must be in the path/],
    ['https://{order_number}.example.com/', /must be in the path|absolute URL/],
  ])('refuses %s', (template, message) => {
    expect(urlTemplateProblems(template, names, required)).toEqual([expect.stringMatching(message)]);
  });

  it('encodes each value as one path segment', () => {
    const url = expandUrlTemplate('https://api.example.com/orders/{order_number}', { order_number: 'a/b?c#d e' });
    expect(url.href).toBe('https://api.example.com/orders/a%2Fb%3Fc%23d%20e');
  });
});
