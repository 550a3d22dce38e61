import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
      history: [],
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

describe('parseQuestion: history and kind', () => {
  const base = { id: 'q1', question: 'And then?', answerable: true, answer: 'So.', doc_ids: ['d1'] };
  const parse = (extra: Record<string, unknown>, where = 'q.jsonl:7') =>
    parseQuestion(JSON.stringify({ ...base, ...extra }), where);
  const TURN_ERROR = '"role": "customer" | "bot" | "agent", "text": string';

  it('keeps the turns of the history in order', () => {
    const history = [
      { role: 'customer', text: 'My order is late.' },
      { role: 'bot', text: 'It ships tomorrow.' },
      { role: 'agent', text: 'I have expedited it.' },
      { role: 'customer', text: 'Thanks!' },
    ];
    expect(parse({ history }).history).toEqual(history);
  });

  it('gives an empty history when the line has none', () => {
    expect(parse({}).history).toEqual([]);
  });

  it('accepts an empty history array', () => {
    expect(parse({ history: [] }).history).toEqual([]);
  });

  it('keeps only role and text of a turn', () => {
    const history = [{ role: 'customer', text: 'Hi', at: '2024-01-01', extra: { x: 1 } }];
    expect(parse({ history }).history).toEqual([{ role: 'customer', text: 'Hi' }]);
  });

  it.each([
    ['an object', { role: 'customer', text: 'Hi' }],
    ['a string', 'customer: Hi'],
    ['null', null],
  ])('refuses a history that is %s, naming the line', (_what, history) => {
    const parsing = () => parse({ history });
    expect(parsing).toThrow(EvalDatasetError);
    expect(parsing).toThrow('q.jsonl:7: "history" must be an array of turns');
  });

  it.each([
    [
      'an unknown role',
      1,
      [
        { role: 'customer', text: 'a' },
        { role: 'system', text: 'b' },
      ],
    ],
    ['a role in the wrong case', 0, [{ role: 'Customer', text: 'a' }]],
    ['a missing role', 0, [{ text: 'a' }]],
    [
      'a non-string text',
      2,
      [
        { role: 'customer', text: 'a' },
        { role: 'bot', text: 'b' },
        { role: 'customer', text: 3 },
      ],
    ],
    ['a missing text', 1, [{ role: 'customer', text: 'a' }, { role: 'bot' }]],
    ['a null turn', 0, [null]],
    ['a string turn', 1, [{ role: 'customer', text: 'a' }, 'bot: b']],
    ['an array turn', 0, [['customer', 'a']]],
  ])('refuses a history with %s, naming the line and the turn index', (_what, index, history) => {
    const parsing = () => parse({ history }, 'questions.dev.jsonl:12');
    expect(parsing).toThrow(EvalDatasetError);
    expect(parsing).toThrow(`questions.dev.jsonl:12: history[${index}] must be {${TURN_ERROR}}`);
  });

  it('keeps kind when present and leaves it out when absent', () => {
    expect(parse({ kind: 'topic_shift' }).kind).toBe('topic_shift');
    expect('kind' in parse({})).toBe(false);
  });

  it('refuses a kind that is not a string, naming the line', () => {
    expect(() => parse({ kind: 3 })).toThrow(EvalDatasetError);
    expect(() => parse({ kind: 3 })).toThrow('q.jsonl:7: "kind" must be a string');
  });

  it('parses a real line of the doc2dial multi-turn set with its history', async () => {
    const repoRoot = resolve(__dirname, '../../../..');
    const file = join(repoRoot, '..', 'shared', 'datasets', 'doc2dial-multiturn', 'questions.dev.jsonl');
    const line = (await readFile(file, 'utf8')).split('\n')[0];
    const raw = JSON.parse(line) as { question: string; history: unknown[] };
    const parsed = parseQuestion(line, `${file}:1`);
    expect(parsed.question).toBe(raw.question);
    expect(parsed.history.length).toBeGreaterThan(0);
    expect(parsed.history).toEqual(raw.history);
    for (const turn of parsed.history) {
      expect(['customer', 'bot', 'agent']).toContain(turn.role);
      expect(typeof turn.text).toBe('string');
    }
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

  it('names the file, line and turn of a malformed history', async () => {
    await writeFile(join(dir, 'documents.jsonl'), '{"id":"d1","title":"T","text":"x"}\n');
    const bad = JSON.stringify({
      id: 'b',
      question: 'q',
      answerable: false,
      answer: '',
      doc_ids: [],
      history: [
        { role: 'customer', text: 'hi' },
        { role: 'bot', text: null },
      ],
    });
    await writeFile(join(dir, 'questions.dev.jsonl'), [question('a'), bad].join('\n'));
    await expect(loadEvalDataset(dir)).rejects.toThrow(EvalDatasetError);
    await expect(loadEvalDataset(dir)).rejects.toThrow(`${join(dir, 'questions.dev.jsonl')}:2: history[1] must be`);
  });
});
