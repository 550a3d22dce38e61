import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvalDatasetError, batchLines, loadEvalDataset, parseQuestion } from './eval-dataset';

describe('batchLines', () => {
  it('keeps every body within the byte limit, counting the newline', () => {
    // Each line is 4 bytes + newline = 5; a limit of 10 fits two a batch.
    expect(batchLines(['aaaa', 'bbbb', 'cccc'], 10)).toEqual(['aaaa\nbbbb\n', 'cccc\n']);
  });

  it('counts bytes, not characters', () => {
    // "é" is two bytes in UTF-8: "éé" + newline = 5 bytes.
    expect(batchLines(['éé', 'éé'], 9)).toEqual(['éé\n', 'éé\n']);
  });

  it('sends a line longer than the limit alone', () => {
    expect(batchLines(['a', 'x'.repeat(20), 'b'], 10)).toEqual(['a\n', `${'x'.repeat(20)}\n`, 'b\n']);
  });

  it('gives nothing for no lines', () => {
    expect(batchLines([], 10)).toEqual([]);
  });
});

describe('parseQuestion', () => {
  it('accepts the datasets format', () => {
    const line = JSON.stringify({ id: 'q1', question: 'How?', answerable: true, answer: 'So.', doc_ids: ['d1'] });
    expect(parseQuestion(line, 'x:1')).toEqual({
      id: 'q1',
      question: 'How?',
      answerable: true,
      answer: 'So.',
      doc_ids: ['d1'],
    });
  });

  it('names the line of a bad record', () => {
    expect(() => parseQuestion('{', 'q.jsonl:3')).toThrow('q.jsonl:3: not valid JSON');
    expect(() => parseQuestion(JSON.stringify({ id: 'q1', question: 'How?' }), 'q.jsonl:4')).toThrow(
      /q.jsonl:4: expected/,
    );
    expect(() =>
      parseQuestion(JSON.stringify({ id: 'q', question: 'q', answerable: true, answer: '', doc_ids: [1] }), 'w'),
    ).toThrow(EvalDatasetError);
  });
});

describe('loadEvalDataset', () => {
  let dir: string;
  const question = (id: string) =>
    JSON.stringify({ id, question: `question ${id}`, answerable: false, answer: '', doc_ids: [] });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-eval-dataset-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads documents and the single questions file, honouring the limit', async () => {
    await writeFile(
      join(dir, 'documents.jsonl'),
      '{"id":"d1","title":"T","text":"x"}\n\n{"id":"d2","title":"U","text":"y"}\n',
    );
    await writeFile(join(dir, 'questions.dev.jsonl'), [question('a'), question('b'), question('c')].join('\n'));
    const dataset = await loadEvalDataset(dir, 2);
    expect(dataset.documentLines).toHaveLength(2);
    expect(dataset.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(dataset.questionsFile).toBe(join(dir, 'questions.dev.jsonl'));
    expect((await loadEvalDataset(dir)).questions).toHaveLength(3);
  });

  it('refuses a directory without exactly one questions file', async () => {
    await writeFile(join(dir, 'documents.jsonl'), '{"id":"d1","title":"T","text":"x"}\n');
    await expect(loadEvalDataset(dir)).rejects.toThrow(/found none/);
    await writeFile(join(dir, 'questions.dev.jsonl'), question('a'));
    await writeFile(join(dir, 'questions.test.jsonl'), question('b'));
    await expect(loadEvalDataset(dir)).rejects.toThrow(/questions.dev.jsonl, questions.test.jsonl/);
  });

  it('refuses a missing directory or documents file', async () => {
    await expect(loadEvalDataset(join(dir, 'nope'))).rejects.toThrow(/not found/);
    await writeFile(join(dir, 'questions.dev.jsonl'), question('a'));
    await expect(loadEvalDataset(dir)).rejects.toThrow(/No documents.jsonl/);
  });
});
