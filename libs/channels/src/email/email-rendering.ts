export interface Citation {
  index: number;
  title: string;
  url: string | null;
}

export interface RenderedEmailBody {
  text: string;
  html: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Reads citations from a bot answer's metadata, ignoring anything malformed. */
export function citationsOf(metadata: { citations?: unknown }): Citation[] {
  const raw = metadata.citations;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { index, title, url } = entry as Record<string, unknown>;
    if (typeof index !== 'number' || typeof title !== 'string') return [];
    return [{ index, title, url: typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null }];
  });
}

/** The plain-text and HTML parts of one message, with its sources listed as links. */
export function renderEmailBody(content: string, citations: readonly Citation[]): RenderedEmailBody {
  const text = [
    content.trim(),
    ...(citations.length > 0
      ? ['', 'Sources:', ...citations.map((c) => `[${c.index}] ${c.title}${c.url ? ` <${c.url}>` : ''}`)]
      : []),
  ].join('\n');
  const paragraphs = content
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
  const sources =
    citations.length > 0
      ? [
          '<p>Sources:</p>',
          '<ol>',
          ...citations.map(
            (c) =>
              `<li value="${c.index}">${
                c.url ? `<a href="${escapeHtml(c.url)}">${escapeHtml(c.title)}</a>` : escapeHtml(c.title)
              }</li>`,
          ),
          '</ol>',
        ]
      : [];
  const html = `<!doctype html><html><body>${[...paragraphs, ...sources].join('\n')}</body></html>`;
  return { text: `${text}\n`, html };
}
