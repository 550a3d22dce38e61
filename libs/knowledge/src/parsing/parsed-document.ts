/** A document reduced to its text and heading structure, whatever format it came in. */
export interface ParsedDocument {
  title: string;
  sections: ParsedSection[];
}

export interface ParsedSection {
  /** Headings above this text, outermost first (empty before the first heading). */
  headingPath: string[];
  /** Paragraphs and list items of the section, blank-line separated; list items keep a leading "- ". */
  text: string;
}
