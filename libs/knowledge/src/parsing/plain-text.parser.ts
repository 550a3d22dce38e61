import { cleanDocument } from './clean-text';
import { pickTitle, splitTitleLine, titleFromFileName } from './document-title';
import type { DocumentParser } from './parse-options';
import { decodeText } from './text-decoding';

/** Plain text: one section, paragraphs kept; a short first line names the document when no title is given. */
export const parsePlainText: DocumentParser = async (input, fileName, options) => {
  const text = decodeText(input, options?.charset, fileName).replace(/\r\n?/g, '\n');
  const firstLine = options?.title?.trim() ? { body: text } : splitTitleLine(text);
  return cleanDocument({
    title: pickTitle(options?.title, firstLine.title, titleFromFileName(fileName)),
    sections: [{ headingPath: [], text: firstLine.body }],
  });
};
