import { renderCsatPage } from './csat-page';

describe('the rating page', () => {
  const until = new Date('2026-03-08T10:00:00Z');

  it('is a plain form posting the score and comment back to its link, with the given rating checked', () => {
    const html = renderCsatPage({ kind: 'form', action: '?token=tok.sig', score: 4, comment: null, until });
    expect(html).toContain('<form method="post" action="?token=tok.sig">');
    expect(html).toContain('<input type="radio" name="score" value="4" required checked>');
    expect(html.match(/name="score"/g)).toHaveLength(5);
    expect(html).toContain('name="comment"');
    expect(html).not.toContain('<script');
  });

  it('escapes what the customer wrote and any error', () => {
    const html = renderCsatPage({
      kind: 'form',
      action: 'x',
      score: null,
      comment: '</textarea><script>alert(1)</script>',
      error: '<b>bad</b>',
      until,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;/textarea&#62;&#60;script&#62;');
    expect(html).toContain('&#60;b&#62;bad&#60;/b&#62;');
  });

  it('thanks with the score given', () => {
    const html = renderCsatPage({ kind: 'thanks', action: 'x', score: 5, comment: 'Great', until });
    expect(html).toContain('You rated this conversation 5 out of 5.');
  });
});
