const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of tag.matchAll(pattern)) {
    const name = match[1].toLowerCase();
    if (!found.has(name)) found.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return found;
}

/**
 * Absolute URLs of the `<a href>` / `<area href>` links of an HTML page, resolved against its `<base href>`
 * or its own URL, in document order. Links that cannot be parsed are dropped; nothing else is filtered.
 */
export function extractLinks(html: string, pageUrl: string): URL[] {
  // Links inside comments, scripts and styles are not links a reader can follow.
  const visible = html.replace(/<!--[\s\S]*?-->|<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  let base = pageUrl;
  const hrefs: string[] = [];
  let baseSeen = false;
  for (const match of visible.matchAll(/<(a|area|base)\b([^>]*)>/gi)) {
    const href = attributes(match[2]).get('href')?.trim();
    if (href === undefined) continue;
    if (match[1].toLowerCase() === 'base') {
      // Only the first <base href> counts (HTML spec).
      if (!baseSeen && URL.canParse(href, pageUrl)) base = new URL(href, pageUrl).href;
      baseSeen = true;
    } else if (href !== '') {
      hrefs.push(href);
    }
  }
  return hrefs.flatMap((href) => (URL.canParse(href, base) ? [new URL(href, base)] : []));
}
