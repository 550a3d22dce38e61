import { DocumentParseError } from './document-parse.error';
import { runExtractionWorker, workerScript } from './extraction-worker';
import { htmlToDocument } from './html.parser';
import type { DocumentParser } from './parse-options';

// Title/Subtitle styles are not in mammoth's default map; <title> is what the HTML parser reads as the document title.
const STYLE_MAP = ["p[style-name='Title'] => title:fresh", "p[style-name='Subtitle'] => p:fresh"];

const DOCX_WORKER_SOURCE = workerScript(`
  const mammoth = require(workerData.modulePath);
  const input = workerData.input;
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) },
    {
      styleMap: workerData.styleMap,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
    },
  );
  return result.value;
`);

/** DOCX → HTML (mammoth, in a worker thread) → the HTML parser, so Heading 1–6 styles keep their structure. */
export const parseDocx: DocumentParser = async (input, fileName, options) => {
  if (input.length === 0) throw new DocumentParseError('DOCX: the file is empty', fileName);
  const html = await runExtractionWorker({
    source: DOCX_WORKER_SOURCE,
    workerData: { modulePath: require.resolve('mammoth'), input: new Uint8Array(input), styleMap: STYLE_MAP },
    format: 'DOCX',
    fileName,
    timeoutMs: options?.timeoutMs,
    describeError: (_name, message) =>
      /central directory|zip|main document part/i.test(message)
        ? 'not a valid DOCX file (not a zip archive, or no word/document.xml in it)'
        : message,
  });
  if (typeof html !== 'string') throw new DocumentParseError('DOCX: the converter returned no HTML', fileName);
  try {
    return htmlToDocument(html, { fallbackTitle: options?.title, fileName });
  } catch (error) {
    throw new DocumentParseError('DOCX: could not convert the document', fileName, { cause: error });
  }
};
