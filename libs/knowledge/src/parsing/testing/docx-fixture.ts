import { writeZip } from './zip-writer';

export type DocxBlock = {
  kind: 'title' | 'heading1' | 'heading2' | 'heading3' | 'paragraph' | 'bullet' | 'numbered';
  text: string;
};

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const WORDML = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

const STYLE_IDS: Record<DocxBlock['kind'], string | undefined> = {
  title: 'Title',
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  paragraph: undefined,
  bullet: 'ListParagraph',
  numbered: 'ListParagraph',
};

/** A minimal but valid DOCX: paragraphs with Title/Heading styles and bullet or numbered list items. */
export function buildDocx(blocks: DocxBlock[]): Buffer {
  return writeZip([
    { name: '[Content_Types].xml', content: contentTypes() },
    { name: '_rels/.rels', content: packageRels() },
    { name: 'word/_rels/document.xml.rels', content: documentRels() },
    { name: 'word/document.xml', content: documentXml(blocks) },
    { name: 'word/styles.xml', content: stylesXml() },
    { name: 'word/numbering.xml', content: numberingXml() },
  ]);
}

function documentXml(blocks: DocxBlock[]): string {
  const paragraphs = blocks.map((block) => {
    const style = STYLE_IDS[block.kind];
    const numId = block.kind === 'bullet' ? 1 : block.kind === 'numbered' ? 2 : undefined;
    const properties = [
      style ? `<w:pStyle w:val="${style}"/>` : '',
      numId ? `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>` : '',
    ].join('');
    return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(block.text)}</w:t></w:r></w:p>`;
  });
  return xml(`<w:document xmlns:w="${W}"><w:body>${paragraphs.join('')}</w:body></w:document>`);
}

function stylesXml(): string {
  const style = (id: string, name: string, extra = ''): string =>
    `<w:style w:type="paragraph"${extra} w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
  return xml(
    `<w:styles xmlns:w="${W}">` +
      style('Normal', 'Normal', ' w:default="1"') +
      style('Title', 'Title') +
      style('Heading1', 'heading 1') +
      style('Heading2', 'heading 2') +
      style('Heading3', 'heading 3') +
      style('ListParagraph', 'List Paragraph') +
      `</w:styles>`,
  );
}

function numberingXml(): string {
  const level = (format: string, text: string): string =>
    `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/></w:lvl>`;
  return xml(
    `<w:numbering xmlns:w="${W}">` +
      `<w:abstractNum w:abstractNumId="0">${level('bullet', '•')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="1">${level('decimal', '%1.')}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
      `<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
      `</w:numbering>`,
  );
}

function contentTypes(): string {
  return xml(
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/word/document.xml" ContentType="${WORDML}.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="${WORDML}.styles+xml"/>` +
      `<Override PartName="/word/numbering.xml" ContentType="${WORDML}.numbering+xml"/>` +
      `</Types>`,
  );
}

function packageRels(): string {
  return xml(
    `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
      `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="word/document.xml"/>` +
      `</Relationships>`,
  );
}

function documentRels(): string {
  return xml(
    `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
      `<Relationship Id="rId1" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId2" Type="${RELATIONSHIPS}/numbering" Target="numbering.xml"/>` +
      `</Relationships>`,
  );
}

function xml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
