import { CSAT_COMMENT_MAX_CHARS } from '@switchboard/database';

/** What the rating page shows: the form (with the rating given so far), a thank-you, or why the link does not work. */
export type CsatPage =
  | { kind: 'form'; action: string; score: number | null; comment: string | null; error?: string; until: Date }
  | { kind: 'thanks'; action: string; score: number; comment: string | null; until: Date }
  | { kind: 'problem'; title: string; message: string };

const LABELS = ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'] as const;

/** Response headers of the page: nothing loads from elsewhere, the link (a bearer token) never leaks as a referrer. */
export const CSAT_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A small page that works without JavaScript: a plain form posting back to the same link. */
export function renderCsatPage(page: CsatPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titleOf(page))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
fieldset{border:0;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}label.score{border:1px solid #9ca3af;border-radius:.5rem;padding:.5rem .75rem;cursor:pointer}
textarea{width:100%;min-height:6rem}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b91c1c}.muted{color:#6b7280}</style>
</head><body>
${bodyOf(page)}
</body></html>`;
}

function titleOf(page: CsatPage): string {
  if (page.kind === 'problem') return page.title;
  return page.kind === 'thanks' ? 'Thank you for your rating' : 'Rate your conversation';
}

function bodyOf(page: CsatPage): string {
  if (page.kind === 'problem') {
    return `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>`;
  }
  const heading =
    page.kind === 'thanks'
      ? `<h1>Thank you!</h1><p id="given">You rated this conversation ${page.score} out of 5.</p>`
      : '<h1>How did we do?</h1><p>Rate this conversation from 1 (very poor) to 5 (excellent).</p>';
  const error = page.kind === 'form' && page.error ? `<p class="error" role="alert">${escapeHtml(page.error)}</p>` : '';
  return `${heading}${error}${formOf(page.action, page.score, page.comment)}
<p class="muted">You can change your rating until ${escapeHtml(page.until.toUTCString())}.</p>`;
}

function formOf(action: string, score: number | null, comment: string | null): string {
  const options = LABELS.map((label, index) => {
    const value = index + 1;
    const checked = value === score ? ' checked' : '';
    return `<label class="score"><input type="radio" name="score" value="${value}" required${checked}> ${value} · ${label}</label>`;
  }).join('');
  return `<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>Your rating</legend>${options}</fieldset>
<p><label for="comment">Anything to add? (optional)</label><br>
<textarea id="comment" name="comment" maxlength="${CSAT_COMMENT_MAX_CHARS}">${escapeHtml(comment ?? '')}</textarea></p>
<button type="submit">Send rating</button></form>`;
}
