import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AnswerResult } from '../answer.types';
import { EvalQuestion } from './eval-dataset';
import { EvalRecord } from './metrics';

/**
 * Turns one answer into a record in dataset terms: document uuids become the dataset's document ids, and the cited
 * documents are listed in citation-index order, so `citedDocIds[0]` is the document of marker [1].
 */
export function buildEvalRecord(
  question: EvalQuestion,
  result: Pick<AnswerResult, 'retrieved' | 'citations' | 'draft' | 'confidence' | 'decision' | 'reason' | 'features'>,
  datasetIdOf: (documentId: string) => string,
  latencyMs: number,
): EvalRecord {
  const ranked = [...result.retrieved].sort((a, b) => a.rank - b.rank);
  const cited = [...result.citations].sort((a, b) => a.index - b.index);
  return {
    id: question.id,
    answerable: question.answerable,
    goldDocIds: question.doc_ids,
    goldAnswer: question.answer,
    // Questions built by hand rather than by parseQuestion may lack `history`.
    historyTurns: question.history?.length ?? 0,
    ...(question.kind === undefined ? {} : { kind: question.kind }),
    retrievedDocIds: distinct(ranked.map((chunk) => datasetIdOf(chunk.documentId))),
    citedDocIds: distinct(cited.map((citation) => datasetIdOf(citation.documentId))),
    draft: result.draft,
    confidence: result.confidence,
    decision: result.decision,
    reason: result.reason,
    latencyMs: Math.round(latencyMs * 10) / 10,
    features: result.features,
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The records one `npm run eval -- --records <file>` wrote, named by the file (doc2dial-multiturn.jsonl → doc2dial-multiturn). */
export async function readEvalRecords(file: string): Promise<{ name: string; records: EvalRecord[] }> {
  const lines = (await readFile(resolve(file), 'utf8')).split('\n').filter((line) => line.trim());
  return {
    name: basename(file).replace(/\.jsonl$/, ''),
    // Records written before `historyTurns` existed were all asked without history.
    records: lines.map((line) => ({ historyTurns: 0, ...(JSON.parse(line) as Partial<EvalRecord>) }) as EvalRecord),
  };
}
