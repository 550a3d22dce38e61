import { cleanDocument } from './clean-text';
import { DocumentParseError } from './document-parse.error';
import { pickTitle, splitTitleLine, titleFromFileName } from './document-title';
import { runExtractionWorker, workerScript } from './extraction-worker';
import type { DocumentParser } from './parse-options';

interface PdfText {
  pages: string[];
  title?: string;
}

// unpdf's bundled PDF.js polyfills Promise.withResolvers itself, so Node 20 needs no shim here.
const PDF_WORKER_SOURCE = workerScript(`
  const { getDocumentProxy, extractText, getMeta } = require(workerData.modulePath);
  const pdf = await getDocumentProxy(workerData.input, { verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const title = await getMeta(pdf).then(({ info }) => info && info.Title, () => undefined);
    return { pages: text, title: typeof title === 'string' ? title : undefined };
  } finally {
    await pdf.destroy();
  }
`);

// Producers often stamp the source file name or a placeholder into the Title field.
const JUNK_METADATA_TITLE = /^(untitled|document\d*|microsoft word - .*)$|\.(docx?|odt|rtf|pdf|txt|pptx?|xlsx?)$/i;

/** PDF text per page (via unpdf in a worker thread), merged into one section; PDFs carry no usable heading structure. */
export const parsePdf: DocumentParser = async (input, fileName, options) => {
  if (input.length === 0) throw new DocumentParseError('PDF: the file is empty', fileName);
  const extracted = await runExtractionWorker({
    source: PDF_WORKER_SOURCE,
    workerData: { modulePath: require.resolve('unpdf'), input: new Uint8Array(input) },
    format: 'PDF',
    fileName,
    timeoutMs: options?.timeoutMs,
    describeError: (name, message) => {
      if (name === 'PasswordException') return 'the PDF is encrypted and needs a password';
      return name === 'InvalidPDFException' ? `not a valid PDF (${message})` : message;
    },
  });
  if (!isPdfText(extracted)) throw new DocumentParseError('PDF: the extractor returned no text', fileName);

  const text = extracted.pages
    .map((page) => page.replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2'))
    .filter((page) => page.trim())
    .join('\n\n');
  const metadataTitle =
    extracted.title && !JUNK_METADATA_TITLE.test(extracted.title.trim()) ? extracted.title : undefined;
  const firstLine = metadataTitle || options?.title?.trim() ? { body: text } : splitTitleLine(text);

  return cleanDocument({
    title: pickTitle(metadataTitle, options?.title, firstLine.title, titleFromFileName(fileName)),
    sections: [{ headingPath: [], text: firstLine.body }],
  });
};

function isPdfText(value: unknown): value is PdfText {
  if (typeof value !== 'object' || value === null || !('pages' in value)) return false;
  const title = 'title' in value ? value.title : undefined;
  const { pages } = value;
  return (
    Array.isArray(pages) &&
    pages.every((page) => typeof page === 'string') &&
    (title === undefined || typeof title === 'string')
  );
}
