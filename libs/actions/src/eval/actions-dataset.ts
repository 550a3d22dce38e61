import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** One action of a dataset's actions.json (see ../shared/datasets/actions/README.md). */
export interface DatasetAction {
  name: string;
  description: string;
  method: 'GET' | 'POST';
  /** `{name}` placeholders are path parameters. */
  path: string;
  parameters: DatasetParameters;
  /** The parameter filled from the verified customer, or null. */
  identity: string | null;
  side_effect: boolean;
  examples: string[];
}

export interface DatasetParameterSchema {
  type?: string;
  pattern?: string;
  enum?: string[];
  format?: string;
  description?: string;
  /** enum value → the words customers use for it. */
  'x-aliases'?: Record<string, string[]>;
}

export interface DatasetParameters {
  type: 'object';
  properties: Record<string, DatasetParameterSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export const ACTIONS_CATEGORIES = [
  'direct',
  'paraphrase',
  'missing_argument',
  'multi_turn',
  'no_action_faq',
  'off_topic',
  'adversarial',
  'unknown_id',
] as const;
export type ActionsCategory = (typeof ACTIONS_CATEGORIES)[number];

/** One line of questions*.jsonl. */
export interface ActionsQuestion {
  id: string;
  category: ActionsCategory;
  question: string;
  history: Array<{ role: 'customer' | 'bot'; text: string }>;
  identity: { customer_email: string } | null;
  expected: { action: string | null; arguments?: Record<string, string> };
  expected_answer_contains: string[];
  expected_followup: boolean;
  expected_not_found: boolean;
  missing_argument: { action: string; arguments: string[]; known: Record<string, string> } | null;
  faq_article: string | null;
}

/** mock-api.json: the data the mock serves, with the fixed "now" and its time zone. */
export interface ActionsMockData {
  now: string;
  timezone: string;
  [key: string]: unknown;
}

export interface ActionsDataset {
  name: string;
  dir: string;
  questionsFile: string;
  actions: DatasetAction[];
  mock: ActionsMockData;
  questions: ActionsQuestion[];
}

export class ActionsDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionsDatasetError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Reads a dataset directory: actions.json, mock-api.json and its single questions*.jsonl; `limit` keeps the first. */
export async function loadActionsDataset(dir: string, limit?: number): Promise<ActionsDataset> {
  const absolute = resolve(dir);
  let entries: string[];
  try {
    entries = await readdir(absolute);
  } catch {
    throw new ActionsDatasetError(`Dataset directory not found: ${absolute}`);
  }
  for (const required of ['actions.json', 'mock-api.json']) {
    if (!entries.includes(required)) throw new ActionsDatasetError(`No ${required} in ${absolute}`);
  }
  const questionFiles = entries.filter((name) => /^questions.*\.jsonl$/.test(name)).sort();
  if (questionFiles.length !== 1) {
    const found = questionFiles.length === 0 ? 'none' : questionFiles.join(', ');
    throw new ActionsDatasetError(`Expected exactly one questions*.jsonl in ${absolute}, found ${found}`);
  }
  const actionsFile = join(absolute, 'actions.json');
  const actions = parseActions(await readJson(actionsFile), actionsFile);
  const mockFile = join(absolute, 'mock-api.json');
  const mock = parseMock(await readJson(mockFile), mockFile);
  const questionsFile = join(absolute, questionFiles[0]);
  const questions = (await readFile(questionsFile, 'utf8'))
    .split('\n')
    .map((line, i) => ({ line: line.trim(), where: `${questionsFile}:${i + 1}` }))
    .filter(({ line }) => line !== '')
    .map(({ line, where }) => parseActionsQuestion(line, where, actions));
  if (questions.length === 0) throw new ActionsDatasetError(`${questionsFile} holds no questions`);
  return {
    name: basename(absolute),
    dir: absolute,
    questionsFile,
    actions,
    mock,
    questions: limit === undefined ? questions : questions.slice(0, limit),
  };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ActionsDatasetError(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export function parseActions(value: unknown, where: string): DatasetAction[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ActionsDatasetError(`${where}: expected a non-empty array`);
  const actions = value.map((item, i) => parseAction(item, `${where}[${i}]`));
  const names = actions.map((action) => action.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new ActionsDatasetError(`${where}: action ${repeated} is declared twice`);
  return actions;
}

function parseAction(item: unknown, where: string): DatasetAction {
  const fail = (problem: string): never => {
    throw new ActionsDatasetError(`${where}: ${problem}`);
  };
  if (!isObject(item)) return fail('expected an object');
  if (typeof item.name !== 'string' || item.name === '') fail('"name" must be a non-empty string');
  if (typeof item.description !== 'string') fail('"description" must be a string');
  if (item.method !== 'GET' && item.method !== 'POST') fail('"method" must be GET or POST');
  if (typeof item.path !== 'string' || !item.path.startsWith('/')) fail('"path" must start with /');
  const parameters = item.parameters;
  if (!isObject(parameters) || !isObject(parameters.properties)) fail('"parameters" must have "properties"');
  if (item.identity !== null && typeof item.identity !== 'string') fail('"identity" must be a string or null');
  if (typeof item.side_effect !== 'boolean') fail('"side_effect" must be a boolean');
  if (!isStringArray(item.examples)) fail('"examples" must be an array of strings');
  return item as unknown as DatasetAction;
}

function parseMock(value: unknown, where: string): ActionsMockData {
  if (!isObject(value)) throw new ActionsDatasetError(`${where}: expected a JSON object`);
  if (typeof value.now !== 'string' || Number.isNaN(Date.parse(value.now))) {
    throw new ActionsDatasetError(`${where}: "now" must be an ISO date-time`);
  }
  if (typeof value.timezone !== 'string') throw new ActionsDatasetError(`${where}: "timezone" must be a string`);
  return value as ActionsMockData;
}

export function parseActionsQuestion(line: string, where: string, actions: readonly DatasetAction[]): ActionsQuestion {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ActionsDatasetError(`${where}: not valid JSON`);
  }
  const fail = (problem: string): never => {
    throw new ActionsDatasetError(`${where}: ${problem}`);
  };
  if (!isObject(value)) return fail('expected a JSON object');
  if (typeof value.id !== 'string' || typeof value.question !== 'string') fail('"id" and "question" must be strings');
  if (!ACTIONS_CATEGORIES.includes(value.category as ActionsCategory))
    fail(`unknown category ${String(value.category)}`);
  if (!Array.isArray(value.history) || !value.history.every(isTurn)) fail('"history" must be [{role, text}]');
  if (value.identity !== null && !(isObject(value.identity) && typeof value.identity.customer_email === 'string')) {
    fail('"identity" must be null or {"customer_email": "..."}');
  }
  const expected = value.expected;
  if (!isObject(expected) || (expected.action !== null && typeof expected.action !== 'string')) {
    fail('"expected" must be {"action": <name or null>, "arguments": {...}}');
  }
  const action = (expected as { action: string | null }).action;
  if (action !== null && !actions.some((a) => a.name === action))
    fail(`expected action ${action} is not in actions.json`);
  if (!isStringArray(value.expected_answer_contains)) fail('"expected_answer_contains" must be an array of strings');
  return value as unknown as ActionsQuestion;
}

function isTurn(turn: unknown): boolean {
  return isObject(turn) && (turn.role === 'customer' || turn.role === 'bot') && typeof turn.text === 'string';
}
