import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConversationTurn } from '../answer.types';

/** One question of a dataset's `questions*.jsonl` (see ../shared/datasets/README.md). */
export interface EvalQuestion {
  id: string;
  question: string;
  answerable: boolean;
  answer: string;
  doc_ids: string[];
  /** The earlier turns of the conversation, oldest first; empty for a first question. */
  history: ConversationTurn[];
  /** `followup` or `topic_shift` in the multi-turn sets; absent elsewhere. */
  kind?: string;
}

const TURN_ROLES: ReadonlySet<string> = new Set<ConversationTurn['role']>(['customer', 'bot', 'agent']);

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
  if (q.kind !== undefined && typeof q.kind !== 'string')
    throw new EvalDatasetError(`${where}: "kind" must be a string`);
  return {
    id: q.id,
    question: q.question,
    answerable: q.answerable,
    answer: q.answer,
    doc_ids: q.doc_ids,
    history: parseHistory(q.history, where),
    ...(q.kind === undefined ? {} : { kind: q.kind }),
  };
}

/** `history` is optional; when present every turn must be `{role: customer | bot | agent, text: string}`. */
function parseHistory(value: unknown, where: string): ConversationTurn[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EvalDatasetError(`${where}: "history" must be an array of turns`);
  return value.map((turn: unknown, i) => {
    const candidate = turn as Partial<Record<'role' | 'text', unknown>> | null;
    if (
      typeof turn !== 'object' ||
      candidate === null ||
      typeof candidate.role !== 'string' ||
      !TURN_ROLES.has(candidate.role) ||
      typeof candidate.text !== 'string'
    ) {
      throw new EvalDatasetError(
        `${where}: history[${i}] must be {"role": "customer" | "bot" | "agent", "text": string}`,
      );
    }
    return { role: candidate.role as ConversationTurn['role'], text: candidate.text };
  });
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
