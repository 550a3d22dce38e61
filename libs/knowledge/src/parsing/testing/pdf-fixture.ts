export interface PdfFixture {
  /** Lines of text per page (ASCII; one Helvetica text object per page). */
  pages: string[][];
  /** Written to the document information dictionary's /Title. */
  title?: string;
}

/** A minimal valid PDF 1.4 with a correct xref table (byte offsets computed as it is written). */
export function buildPdf(fixture: PdfFixture): Buffer {
  const objects: string[] = [];
  const pageIds = fixture.pages.map((_, index) => 5 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  objects[4] = fixture.title === undefined ? '<< >>' : `<< /Title (${escapePdfString(fixture.title)}) >>`;
  fixture.pages.forEach((lines, index) => {
    const stream = `BT /F1 12 Tf 72 720 Td 16 TL ${lines.map((line) => `(${escapePdfString(line)}) Tj T*`).join(' ')} ET`;
    objects[5 + index * 2] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${6 + index * 2} 0 R >>`;
    objects[6 + index * 2] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });

  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(pdf, 'latin1');
    pdf += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) pdf += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function escapePdfString(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}
