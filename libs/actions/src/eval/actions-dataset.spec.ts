import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionsDatasetError, loadActionsDataset } from './actions-dataset';

const ACTIONS = [
  {
    name: 'order_status',
    description: 'Look up an order.',
    method: 'GET',
    path: '/orders/{order_number}',
    parameters: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] },
    identity: null,
    side_effect: false,
    examples: ['Where is NW-12345?'],
  },
];
const MOCK = { now: '2027-03-01T09:00:00-08:00', timezone: 'America/Los_Angeles', orders: [] };
const LINE = {
  id: 'l-1',
  category: 'direct',
  question: 'Where is NW-12345?',
  history: [],
  identity: null,
  expected: { action: 'order_status', arguments: { order_number: 'NW-12345' } },
  expected_answer_contains: ['shipped'],
  expected_followup: false,
  expected_not_found: false,
  missing_argument: null,
  faq_article: null,
};

describe('loadActionsDataset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'actions-dataset-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, unknown>) => {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
  };
  const lines = (...items: object[]) => items.map((item) => JSON.stringify(item)).join('\n') + '\n';

  it('reads the actions, the mock data and every question line, and keeps the first N with a limit', async () => {
    write({
      'actions.json': ACTIONS,
      'mock-api.json': MOCK,
      'questions.dev.jsonl': lines(LINE, { ...LINE, id: 'l-2' }),
    });
    const dataset = await loadActionsDataset(dir);
    expect(dataset.actions.map((a) => a.name)).toEqual(['order_status']);
    expect(dataset.mock.timezone).toBe('America/Los_Angeles');
    expect(dataset.questions.map((q) => q.id)).toEqual(['l-1', 'l-2']);
    expect((await loadActionsDataset(dir, 1)).questions.map((q) => q.id)).toEqual(['l-1']);
  });

  it.each([
    ['a missing directory', {}, /Dataset directory not found/],
    ['no actions.json', { 'mock-api.json': MOCK, 'questions.jsonl': lines(LINE) }, /No actions\.json/],
    ['no mock-api.json', { 'actions.json': ACTIONS, 'questions.jsonl': lines(LINE) }, /No mock-api\.json/],
    ['no questions file', { 'actions.json': ACTIONS, 'mock-api.json': MOCK }, /found none/],
    [
      'two questions files',
      {
        'actions.json': ACTIONS,
        'mock-api.json': MOCK,
        'questions.a.jsonl': lines(LINE),
        'questions.b.jsonl': lines(LINE),
      },
      /found questions\.a\.jsonl, questions\.b\.jsonl/,
    ],
    [
      'broken actions.json',
      { 'actions.json': '[{', 'mock-api.json': MOCK, 'questions.jsonl': lines(LINE) },
      /not valid JSON/,
    ],
    [
      'an action without a path',
      { 'actions.json': [{ ...ACTIONS[0], path: undefined }], 'mock-api.json': MOCK, 'questions.jsonl': lines(LINE) },
      /actions\.json\[0\]: "path" must start with \//,
    ],
    [
      'mock data without a now',
      { 'actions.json': ACTIONS, 'mock-api.json': { ...MOCK, now: 'soon' }, 'questions.jsonl': lines(LINE) },
      /"now" must be an ISO date-time/,
    ],
    [
      'a line of an unknown category',
      { 'actions.json': ACTIONS, 'mock-api.json': MOCK, 'questions.jsonl': lines({ ...LINE, category: 'chitchat' }) },
      /questions\.jsonl:1: unknown category chitchat/,
    ],
    [
      'a line expecting an undeclared action',
      {
        'actions.json': ACTIONS,
        'mock-api.json': MOCK,
        'questions.jsonl': lines(LINE, { ...LINE, expected: { action: 'refund' } }),
      },
      /questions\.jsonl:2: expected action refund is not in actions\.json/,
    ],
    [
      'an empty questions file',
      { 'actions.json': ACTIONS, 'mock-api.json': MOCK, 'questions.jsonl': '\n' },
      /holds no questions/,
    ],
  ])('refuses %s with a message naming the problem', async (_case, files, message) => {
    write(files);
    const load = loadActionsDataset(Object.keys(files).length === 0 ? join(dir, 'nowhere') : dir);
    await expect(load).rejects.toThrow(ActionsDatasetError);
    await expect(load).rejects.toThrow(message);
  });
});
