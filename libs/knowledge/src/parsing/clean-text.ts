import type { ParsedDocument, ParsedSection } from './parsed-document';

// C0/C1 controls except \t and \n, plus invisible characters that split words for search (BOM, ZWSP, soft hyphen).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_AND_INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B\u2060\uFEFF]/g;

/** The normalisation every parser applies: NFKC, no control characters, single spaces, at most one blank line. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_AND_INVISIBLE, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** For titles and headings: one line, cleaned. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ');
}

/** Cleans the title, headings and text, and drops sections left without text. */
export function cleanDocument(doc: ParsedDocument): ParsedDocument {
  const sections: ParsedSection[] = [];
  for (const section of doc.sections) {
    const text = cleanText(section.text);
    if (text) sections.push({ headingPath: section.headingPath.map(cleanLine).filter(Boolean), text });
  }
  return { title: cleanLine(doc.title), sections };
}
