import { isTableRow, splitSentences } from '@switchboard/knowledge';

const DELIMITER_CELL = /^:?-{3,}:?$/;

/**
 * The sentences an extractive answer may quote from a chunk. Parsers store a table as one line per row with cells
 * separated by `|` (the Markdown parser drops the outer pipes and the delimiter row); a run of such lines becomes
 * one sentence per row that names each value by its column, so an answer reads "Northwind Haul — Monthly plan:
 * $99; …" instead of a dump of pipes.
 */
export function answerSentences(text: string): string[] {
  const sentences: string[] = [];
  let prose: string[] = [];
  let table: string[][] = [];
  let tableLines: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) sentences.push(...splitSentences(prose.join('\n')));
    prose = [];
  };
  const flushTable = () => {
    // A lone line with a pipe ("Benefits | How You Apply") is a title or a breadcrumb, not a table.
    if (table.length >= 2) sentences.push(...tableSentences(table));
    else prose.push(...tableLines);
    table = [];
    tableLines = [];
  };
  for (const line of text.split('\n')) {
    const cells = tableCells(line);
    if (cells && (table.length === 0 || cells.length === table[0].length)) {
      if (table.length === 0) flushProse();
      if (!cells.every((cell) => DELIMITER_CELL.test(cell))) table.push(cells);
      tableLines.push(line);
      continue;
    }
    flushTable();
    if (cells) {
      table.push(cells);
      tableLines.push(line);
    } else prose.push(line);
  }
  flushTable();
  flushProse();
  return sentences;
}

/** The cells of a table row (`a | b | c`, with or without outer pipes); null for a line that is not one. */
export function tableCells(line: string): string[] | null {
  const trimmed = line.trim();
  if (!isTableRow(trimmed)) return null;
  const cells = trimmed
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
  return cells.length >= 2 ? cells : null;
}

/** One sentence per row after the header: "<first cell> — <column>: <value>; …". */
export function tableSentences(rows: string[][]): string[] {
  const [header, ...body] = rows;
  return body.filter((cells) => cells.some((cell) => cell !== '')).map((cells) => rowSentence(header, cells));
}

function rowSentence(header: string[], cells: string[]): string {
  const [subject, ...values] = cells;
  const described = values
    .map((value, i) => ({ name: header[i + 1] ?? '', value }))
    .filter(({ value }) => value !== '' && value !== '-')
    .map(({ name, value }) => (name ? `${name}: ${value}` : value));
  const line = described.length > 0 ? `${subject} — ${described.join('; ')}` : subject;
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
