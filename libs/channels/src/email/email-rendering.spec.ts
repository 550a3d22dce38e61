import { citationsOf, renderEmailBody } from './email-rendering';

describe('renderEmailBody', () => {
  it('writes a plain-text and an escaped HTML part with the sources as links', () => {
    const body = renderEmailBody('Refunds take <5> days.\n\nAnything else?', [
      { index: 1, title: 'Refunds & returns', url: 'https://help.example.com/refunds' },
      { index: 2, title: 'Shipping', url: null },
    ]);
    expect(body.text).toBe(
      'Refunds take <5> days.\n\nAnything else?\n\nSources:\n[1] Refunds & returns <https://help.example.com/refunds>\n[2] Shipping\n',
    );
    expect(body.html).toContain('<p>Refunds take &lt;5&gt; days.</p>');
    expect(body.html).toContain('<a href="https://help.example.com/refunds">Refunds &amp; returns</a>');
    expect(body.html).toContain('<li value="2">Shipping</li>');
  });

  it('keeps a request to confirm an action whole: the reply "yes" it asks for is the only way to answer by e-mail', () => {
    const question =
      'Please confirm: cancel order (order number NW-10482). Reply "yes" to go ahead, or "no" to leave it.';
    const body = renderEmailBody(question, []);
    expect(body.text).toBe(`${question}\n`);
    expect(body.html).toContain(
      '<p>Please confirm: cancel order (order number NW-10482). Reply &quot;yes&quot; to go ahead, or &quot;no&quot; to leave it.</p>',
    );
  });

  it('reads only well-formed citations with http links', () => {
    expect(
      citationsOf({
        citations: [{ index: 1, title: 'A', url: 'javascript:alert(1)' }, { title: 'no index' }, null, 'x'],
      }),
    ).toEqual([{ index: 1, title: 'A', url: null }]);
    expect(citationsOf({})).toEqual([]);
  });
});
