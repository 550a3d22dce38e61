import { h } from '../dom';
import { safeHttpUrl } from '../safe-url';

/** A link that opens in a new tab for an http(s) URL, or plain text for anything else. */
export function externalLinkOrText(url: string | null | undefined, text: string): HTMLElement {
  const safe = safeHttpUrl(url);
  const label = text || safe || 'Untitled source';
  if (!safe) return h('span', {}, label);
  return h('a', { attrs: { href: safe, target: '_blank', rel: 'noopener noreferrer' } }, label);
}
