import { extractLinks } from './link-extractor';

const hrefs = (html: string, pageUrl = 'https://help.example.test/docs/guide') =>
  extractLinks(html, pageUrl).map((url) => url.href);

describe('extractLinks', () => {
  it('resolves relative, root-relative and absolute links against the page URL', () => {
    expect(
      hrefs(`
        <a href="install">Install</a>
        <a href="../faq?topic=billing#refunds">FAQ</a>
        <A HREF='/contact'>Contact</A>
        <a class=x href=https://help.example.test/about>About</a>
        <area shape="rect" href="/map">
      `),
    ).toEqual([
      'https://help.example.test/docs/install',
      'https://help.example.test/faq?topic=billing#refunds',
      'https://help.example.test/contact',
      'https://help.example.test/about',
      'https://help.example.test/map',
    ]);
  });

  it('resolves against the first <base href>, wherever it appears', () => {
    const html = '<a href="a">A</a><base href="/kb/v2/"><base href="/ignored/"><a href="b">B</a>';
    expect(hrefs(html)).toEqual(['https://help.example.test/kb/v2/a', 'https://help.example.test/kb/v2/b']);
  });

  it('decodes entities in attribute values', () => {
    expect(hrefs('<a href="/search?q=a&amp;page=2&#38;x=&#x31;">S</a>')).toEqual([
      'https://help.example.test/search?q=a&page=2&x=1',
    ]);
  });

  it('ignores links in comments, scripts, styles and templates, and anchors without href', () => {
    const html = `
      <!-- <a href="/commented">x</a> -->
      <script>document.write('<a href="/scripted">x</a>')</script>
      <style>a[href="/styled"] {}</style>
      <template><a href="/templated">x</a></template>
      <a name="top"></a><a href="">self</a>
      <a href="/kept">kept</a>
    `;
    expect(hrefs(html)).toEqual(['https://help.example.test/kept']);
  });

  it('keeps other schemes for the caller to filter, and drops unparseable links', () => {
    expect(
      hrefs('<a href="mailto:help@example.test">m</a><a href="javascript:void(0)">j</a><a href="http://[x">bad</a>'),
    ).toEqual(['mailto:help@example.test', 'javascript:void(0)']);
  });
});
