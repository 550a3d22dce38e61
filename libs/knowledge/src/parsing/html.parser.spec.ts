import { htmlToMarkdown, parseHtml } from './html.parser';

const parse = (html: string, fileName?: string, title?: string) =>
  parseHtml(Buffer.from(html, 'utf8'), fileName, { title });

const page = (body: string, head = '<title>Acme Help</title>') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}<style>p { color: red }</style></head><body>${body}</body></html>`;

describe('parseHtml', () => {
  it('uses <title> as the title and headings as the heading path', async () => {
    const doc = await parse(
      page('<h1>Returns</h1><p>Send items back within <b>30 days</b>.</p><h2>Labels</h2><p>Print the label.</p>'),
    );

    expect(doc).toEqual({
      title: 'Acme Help',
      sections: [
        { headingPath: ['Returns'], text: 'Send items back within 30 days.' },
        { headingPath: ['Returns', 'Labels'], text: 'Print the label.' },
      ],
    });
  });

  it('falls back to the first h1, then the provided title, then the file name', async () => {
    expect((await parse('<h1>Shipping</h1><p>x</p>', 'ship.html', 'Given')).title).toBe('Shipping');
    expect((await parse('<h2>Shipping</h2><p>x</p>', 'ship.html', 'Given')).title).toBe('Given');
    expect((await parse('<p>x</p>', 'pages/ship.html')).title).toBe('ship');
  });

  it('drops scripts, styles, navigation, page header and footer, asides, forms and noscript', async () => {
    const doc = await parse(
      page(
        `<header><a href="/">Acme</a><nav><a href="/a">Menu link</a></nav></header>
         <h1>Warranty</h1>
         <script>document.write('tracking')</script>
         <noscript>Enable JavaScript</noscript>
         <p>Two years on all parts.</p>
         <aside>Related: gift cards</aside>
         <form><label>Email</label><input name="e"><button>Subscribe</button></form>
         <div hidden>Hidden promo</div>
         <div role="navigation">Breadcrumbs</div>
         <footer>© Acme 2024</footer>`,
      ),
    );

    expect(doc.sections).toEqual([{ headingPath: ['Warranty'], text: 'Two years on all parts.' }]);
  });

  it('prefers <main> and ignores everything outside it', async () => {
    const doc = await parse(
      page('<div class="top">Top banner text</div><main><h1>Pricing</h1><p>Pro is $10.</p></main><p>Cookie notice</p>'),
    );

    expect(doc.sections).toEqual([{ headingPath: ['Pricing'], text: 'Pro is $10.' }]);
  });

  it('prefers <article> when there is no <main>, keeping the article header that holds its h1', async () => {
    const doc = await parse(
      page(
        '<div>Sidebar text</div><article><header><h1>Release notes</h1></header><p>Version 2 is out.</p>' +
          '<footer>Posted by Sam</footer></article>',
      ),
    );

    expect(doc.sections).toEqual([{ headingPath: ['Release notes'], text: 'Version 2 is out.\n\nPosted by Sam' }]);
  });

  it('keeps lists as "- item" and numbered items', async () => {
    const doc = await parse(
      page(
        '<h1>Setup</h1><ul><li>Create an <em>account</em></li><li>Add a <a href="/inbox">widget inbox</a>' +
          '<ul><li>Copy the snippet</li></ul></li></ul><ol><li>Open settings</li><li>Save</li></ol>',
      ),
    );

    expect(doc.sections[0].text).toBe(
      '- Create an account\n- Add a widget inbox\n- Copy the snippet\n\n1. Open settings\n2. Save',
    );
  });

  it('turns table rows into single lines', async () => {
    const doc = await parse(
      page('<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$10 / month</td></tr></table>'),
    );
    expect(doc.sections[0].text).toBe('Plan | Price\nPro | $10 / month');
  });

  it('decodes entities and does not leave Markdown escapes behind', async () => {
    const doc = await parse(
      page('<p>Tom &amp; Jerry use *stars* and 1. numbers &lt;3</p>', '<title>A &amp; B</title>'),
    );
    expect(doc.title).toBe('A & B');
    expect(doc.sections[0].text).toBe('Tom & Jerry use *stars* and 1. numbers <3');
  });

  it('keeps text that looks like markup or an entity', async () => {
    const doc = await parse(page('<p>Wrap it in a &lt;div&gt; tag and write &amp;amp; for &amp;.</p>'));
    expect(doc.sections[0].text).toBe('Wrap it in a <div> tag and write &amp; for &.');
  });

  it('keeps code blocks as text', async () => {
    const doc = await parse(page('<h1>API</h1><pre><code>curl -X POST /v1/answers\n# not a heading</code></pre>'));
    expect(doc.sections).toEqual([{ headingPath: ['API'], text: 'curl -X POST /v1/answers\n# not a heading' }]);
  });

  it('drops inline SVG, its <title> included', async () => {
    const doc = await parse('<svg><title>icon</title><text>Label</text></svg><h1>Real</h1><p>x</p>');
    expect(doc).toEqual({ title: 'Real', sections: [{ headingPath: ['Real'], text: 'x' }] });
  });
});

describe('htmlToMarkdown', () => {
  it('emits ATX headings and "-" bullets', () => {
    const { markdown } = htmlToMarkdown('<h2>Heading</h2><ul><li>One</li></ul>');
    expect(markdown).toMatch(/^## Heading\n\n- +One$/);
  });
});
