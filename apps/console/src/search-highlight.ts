import { SEARCH_HIGHLIGHT } from '@switchboard/contracts';

/** A piece of a search highlight: plain text, or a match. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

/**
 * Splits a highlight at the server's sentinel markers. The text stays text: the view renders each segment with
 * textContent (a match in a <mark>), so nothing the customer wrote is ever parsed as HTML. A stray marker is dropped.
 */
export function highlightSegments(highlight: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  for (const [index, part] of highlight.split(SEARCH_HIGHLIGHT.start).entries()) {
    const [matched, ...rest] = index === 0 ? [null, part] : part.split(SEARCH_HIGHLIGHT.stop);
    if (matched) segments.push({ text: matched, match: true });
    const after = rest.join('');
    if (after) segments.push({ text: after, match: false });
  }
  return segments;
}

/** The console's search filters, as the query string of `GET search` (empty fields left out). */
export interface SearchForm {
  q: string;
  status: string;
  channel: string;
  urgency: string;
  from: string;
  to: string;
  page: number;
}

export function searchQuery(form: SearchForm): string {
  const params = new URLSearchParams({ q: form.q.trim() });
  for (const name of ['status', 'channel', 'urgency', 'from', 'to'] as const) {
    if (form[name]) params.set(name, form[name]);
  }
  if (form.page > 1) params.set('page', String(form.page));
  return params.toString();
}
