/** Lines that start the quoted earlier message in common clients (Gmail, Apple Mail, Outlook, Thunderbird). */
const QUOTE_HEADERS: readonly RegExp[] = [
  /^On\b.{0,200}\bwrote:\s*$/i,
  /^Le\b.{0,200}\ba écrit\s*:\s*$/i,
  /^Am\b.{0,200}\bschrieb\b.{0,100}:\s*$/i,
  /^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From:\s.+$/i,
];

/** Lines that start a signature: the RFC 3676 delimiter and mobile footers. */
const SIGNATURE_STARTS: readonly RegExp[] = [
  /^-- ?$/,
  /^Sent from my \w+/i,
  /^Get Outlook for \w+/i,
  /^Envoyé de mon \w+/i,
  /^Von meinem \w+ gesendet/i,
];

/**
 * The new part of a reply: what the customer wrote above the quoted earlier message and their signature.
 * Falls back to the whole text when stripping would leave nothing (a reply written below the quote).
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    const trimmed = line.trim();
    if (SIGNATURE_STARTS.some((pattern) => pattern.test(trimmed))) break;
    if (QUOTE_HEADERS.some((pattern) => pattern.test(trimmed))) {
      // "From:" only starts a quote when it begins an Outlook header block.
      if (/^From:/i.test(trimmed) && !/^(Sent|Date|To|Subject):/i.test((lines[i + 1] ?? '').trim())) {
        kept.push(line);
        continue;
      }
      break;
    }
    // Gmail wraps a long "On … wrote:" over two lines.
    if (/^On\b/i.test(trimmed) && /\bwrote:\s*$/i.test((lines[i + 1] ?? '').trim())) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  const stripped = kept.join('\n').trim();
  return stripped || text.trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML-only mail, without its quoted earlier messages. Good enough for a question; not a renderer. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<div[^>]*class="[^"]*(gmail_quote|moz-cite-prefix)[^"]*"[\s\S]*$/i, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (entity: string, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
