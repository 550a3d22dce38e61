import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** One question of a dataset's `questions*.jsonl` (see ../shared/datasets/README.md). */
export interface EvalQuestion {
  id: string;
  question: string;
  answerable: boolean;
  answer: string;
  doc_ids: string[];
}

export interface EvalDataset {
  /** The directory's name, e.g. "doc2dial". */
  name: string;
  dir: string;
  documentsFile: string;
  questionsFile: string;
  /** Non-empty lines of documents.jsonl, as they are sent to the import endpoint. */
  documentLines: string[];
  questions: EvalQuestion[];
}

export class EvalDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalDatasetError';
  }
}

/** Reads a dataset directory: documents.jsonl and its single questions*.jsonl; `limit` keeps the first questions. */
export async function loadEvalDataset(dir: string, limit?: number): Promise<EvalDataset> {
  const absolute = resolve(dir);
  let entries: string[];
  try {
    entries = await readdir(absolute);
  } catch {
    throw new EvalDatasetError(`Dataset directory not found: ${absolute}`);
  }
  if (!entries.includes('documents.jsonl')) throw new EvalDatasetError(`No documents.jsonl in ${absolute}`);
  const questionFiles = entries.filter((name) => /^questions.*\.jsonl$/.test(name)).sort();
  if (questionFiles.length !== 1) {
    throw new EvalDatasetError(
      `Expected exactly one questions*.jsonl in ${absolute}, found ${questionFiles.length === 0 ? 'none' : questionFiles.join(', ')}`,
    );
  }
  const documentsFile = join(absolute, 'documents.jsonl');
  const questionsFile = join(absolute, questionFiles[0]);
  const documentLines = splitLines(await readFile(documentsFile, 'utf8'));
  if (documentLines.length === 0) throw new EvalDatasetError(`${documentsFile} holds no documents`);
  const questions = splitLines(await readFile(questionsFile, 'utf8')).map((line, i) =>
    parseQuestion(line, `${questionsFile}:${i + 1}`),
  );
  return {
    name: basename(absolute),
    dir: absolute,
    documentsFile,
    questionsFile,
    documentLines,
    questions: limit === undefined ? questions : questions.slice(0, limit),
  };
}

export function parseQuestion(line: string, where: string): EvalQuestion {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new EvalDatasetError(`${where}: not valid JSON`);
  }
  const q = value as Partial<Record<keyof EvalQuestion, unknown>>;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof q.id !== 'string' ||
    typeof q.question !== 'string' ||
    typeof q.answerable !== 'boolean' ||
    typeof q.answer !== 'string' ||
    !Array.isArray(q.doc_ids) ||
    !q.doc_ids.every((id) => typeof id === 'string')
  ) {
    throw new EvalDatasetError(`${where}: expected {id, question, answerable, answer, doc_ids}`);
  }
  return {
    id: q.id,
    question: q.question,
    answerable: q.answerable,
    answer: q.answer,
    doc_ids: q.doc_ids,
  };
}

/** Groups JSONL lines into request bodies of at most `maxBytes` (a longer single line goes alone). */
export function batchLines(lines: readonly string[], maxBytes: number): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      batches.push(current.join('\n') + '\n');
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length > 0) batches.push(current.join('\n') + '\n');
  return batches;
}

function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
