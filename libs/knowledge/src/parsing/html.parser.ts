import TurndownService from 'turndown';

import { DocumentParseError } from './document-parse.error';
import { inlineMarkdownToText, markdownToDocument } from './markdown.parser';
import type { DocumentParser } from './parse-options';
import type { ParsedDocument } from './parsed-document';
import { decodeText } from './text-decoding';

/** The slice of the DOM (turndown's domino) these rules read; the project compiles without lib.dom. */
interface DomElement {
  nodeName: string;
  parentNode: DomElement | null;
  ownerDocument: { getElementsByTagName(name: string): ArrayLike<DomElement> };
  contains(other: DomElement): boolean;
  getAttribute(name: string): string | null;
}

export interface HtmlTitleHints {
  fallbackTitle?: string;
  fileName?: string;
}

const ALWAYS_DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'NAV',
  'ASIDE',
  'FORM',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
  'CANVAS',
  'IMG',
  'PICTURE',
  'VIDEO',
  'AUDIO',
  'DIALOG',
]);
// Page chrome; a <header> or <footer> inside <main>/<article> belongs to the content (it often holds the h1).
const CHROME_OUTSIDE_CONTENT = new Set(['HEADER', 'FOOTER']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search']);
const CONTENT_ANCESTORS = new Set(['MAIN', 'ARTICLE']);

/** HTML → Markdown (ATX headings, "-" bullets) → the Markdown parser, without page chrome. */
export const parseHtml: DocumentParser = async (input, fileName, options) => {
  try {
    return htmlToDocument(decodeText(input, options?.charset, fileName), { fallbackTitle: options?.title, fileName });
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError('could not parse HTML', fileName, { cause: error });
  }
};

export function htmlToDocument(html: string, hints: HtmlTitleHints = {}): ParsedDocument {
  const { markdown, title } = htmlToMarkdown(html);
  return markdownToDocument(markdown, { preferredTitle: title, ...hints });
}

/** The page's main content as Markdown, and its <title> text if it has one. */
export function htmlToMarkdown(html: string): { markdown: string; title?: string } {
  let title: string | undefined;
  let contentRoots: DomElement[] | undefined;
  const contentRootsOf = (node: DomElement): DomElement[] => {
    contentRoots ??= preferredContent(node);
    return contentRoots;
  };

  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  // Text that reads as inline HTML or an entity ("the <div> tag") must survive the Markdown parser's tag stripping.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text: string) => escapeMarkdown(text).replace(/[<&]/g, '\\$&');
  // Rules added later are tried first, so the most specific come last.
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => ` ${content.replace(/\s+/g, ' ').trim()} |`,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content) => `\n${content.replace(/\|\s*$/, '').trim()}\n`,
  });
  service.addRule('chrome', {
    filter: (node: DomElement) => isChrome(node, contentRootsOf(node)),
    replacement: () => '',
  });
  service.addRule('title', {
    filter: (node: DomElement) => node.nodeName === 'TITLE',
    replacement: (content) => {
      title ??= inlineMarkdownToText(content) || undefined;
      return '';
    },
  });

  return { markdown: service.turndown(html), title };
}

function isChrome(node: DomElement, contentRoots: DomElement[]): boolean {
  if (ALWAYS_DROPPED.has(tagOf(node)) || node.getAttribute('hidden') !== null) return true;
  if (node.getAttribute('aria-hidden') === 'true' || CHROME_ROLES.has(node.getAttribute('role') ?? '')) return true;
  if (contentRoots.length > 0) {
    return !contentRoots.some((root) => root.contains(node) || node.contains(root));
  }
  return CHROME_OUTSIDE_CONTENT.has(tagOf(node)) && !hasAncestor(node, (a) => CONTENT_ANCESTORS.has(tagOf(a)));
}

// Foreign elements (<svg>, <math>) keep their lower-case nodeName in the DOM.
function tagOf(node: DomElement): string {
  return node.nodeName.toUpperCase();
}

// <main> when present, else every outermost <article>, else the whole page.
function preferredContent(node: DomElement): DomElement[] {
  const main = Array.from(node.ownerDocument.getElementsByTagName('main'));
  if (main.length > 0) return main.filter((m) => !hasAncestor(m, (a) => a.nodeName === 'MAIN'));
  const articles = Array.from(node.ownerDocument.getElementsByTagName('article'));
  return articles.filter((article) => !hasAncestor(article, (a) => a.nodeName === 'ARTICLE'));
}

function hasAncestor(node: DomElement, test: (ancestor: DomElement) => boolean): boolean {
  for (let current = node.parentNode; current; current = current.parentNode) {
    if (test(current)) return true;
  }
  return false;
}
