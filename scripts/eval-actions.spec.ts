import type { ActionsEvalSummary, DatasetAction } from '@switchboard/actions/eval';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_CLOCK, ActionClock } from '@switchboard/actions';
import type { INestApplication } from '@nestjs/common';
import { actionRequestBody, fixClock, helpCentreLines, isConfirmationRequest } from './actions-eval-runner';
import { formatActionsSummary, parseActionsEvalArguments } from './eval-actions';
import { UsageError } from './eval';

const CANCEL: DatasetAction = {
  name: 'cancel_order',
  description: 'Cancel an order.',
  method: 'POST',
  path: '/orders/{order_number}/cancel',
  parameters: {
    type: 'object',
    properties: { order_number: { type: 'string' }, customer_email: { type: 'string', format: 'email' } },
    required: ['order_number', 'customer_email'],
  },
  identity: 'customer_email',
  side_effect: true,
  examples: ['Cancel NW-12345.'],
};

describe('parseActionsEvalArguments', () => {
  it('reads the dataset, the limit, --json, --records and --llm-double', () => {
    const argv = ['--dataset', 'd', '--limit', '5', '--json', '--records', 'r.jsonl', '--llm-double'];
    expect(parseActionsEvalArguments(argv)).toEqual({
      dataset: 'd',
      limit: 5,
      json: true,
      records: 'r.jsonl',
      llmDouble: true,
    });
    expect(parseActionsEvalArguments(['--dataset', 'd'])).toEqual({ dataset: 'd', json: false, llmDouble: false });
  });

  it.each([
    [[], /--dataset is required/],
    [['--dataset', 'd', '--limit', '0'], /--limit must be a positive integer/],
    [['--dataset', 'd', '--threshold', '0.5'], /Unknown option '--threshold'/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseActionsEvalArguments(argv)).toThrow(UsageError);
    expect(() => parseActionsEvalArguments(argv)).toThrow(message);
  });
});

describe('actionRequestBody', () => {
  it("maps a dataset action onto the admin API's fields: url on the mock's origin, identity as a list", () => {
    expect(actionRequestBody(CANCEL, 'http://127.0.0.1:4100')).toEqual({
      name: 'cancel_order',
      description: 'Cancel an order.',
      method: 'POST',
      url: 'http://127.0.0.1:4100/orders/{order_number}/cancel',
      parameters: CANCEL.parameters,
      identity: ['customer_email'],
      sideEffect: true,
      examples: ['Cancel NW-12345.'],
    });
    expect(actionRequestBody({ ...CANCEL, identity: null, side_effect: false }, 'http://h')).toMatchObject({
      identity: [],
      sideEffect: false,
    });
  });
});

describe('helpCentreLines', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'help-centre-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns each article into an import line titled by its front matter or first heading', async () => {
    writeFileSync(join(dir, 'b.md'), '# Charging\n\nPlug it in.');
    writeFileSync(join(dir, 'a.md'), '---\ntitle: Plans and pricing\n---\n\n# Plans\n\nFrom $59.');
    writeFileSync(join(dir, 'notes.txt'), 'not an article');
    const lines = (await helpCentreLines(dir)).map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.map(({ id, title }) => ({ id, title }))).toEqual([
      { id: 'a.md', title: 'Plans and pricing' },
      { id: 'b.md', title: 'Charging' },
    ]);
    expect(lines[1].text).toBe('# Charging\n\nPlug it in.');
  });

  it('reads the project help centre by default', async () => {
    expect((await helpCentreLines()).length).toBeGreaterThan(10);
  });
});

describe('isConfirmationRequest', () => {
  it('is a bot message whose metadata carries confirmation {action, arguments}', () => {
    const asks = { confirmation: { action: 'cancel_order', arguments: { order_number: 'NW-12345' } } };
    expect(isConfirmationRequest({ metadata: asks })).toBe(true);
    expect(isConfirmationRequest({ metadata: {} })).toBe(false);
    expect(isConfirmationRequest({ metadata: { confirmation: true } })).toBe(false);
  });
});

describe('formatActionsSummary', () => {
  it('prints one row overall and one per category, with dashes where a metric does not apply', () => {
    const metrics = {
      questions: 2,
      action_accuracy: 0.5,
      argument_exact_match: null,
      end_to_end: 0,
      false_trigger_rate: null,
      followup_rate: null,
      adversarial_hold_rate: 1,
      adversarial_attempts: 3,
      answer_contains_rate: null,
    };
    const summary: ActionsEvalSummary = {
      ...metrics,
      by_category: { direct: { ...metrics, not_found_rate: null } },
      latency_ms: { p50: 12.5, p95: 40 },
    };
    const lines = formatActionsSummary(summary, 'actions').split('\n');
    expect(lines[0]).toBe('actions eval: actions');
    expect(lines[2].split(/\s+/)).toEqual(['all', '2', '50.0%', '-', '0.0%', '-', '-', '100.0%', '3', '-']);
    expect(lines[3].startsWith('direct ')).toBe(true);
    expect(lines[4]).toBe('latency per line: p50 12.5 ms, p95 40 ms');
    expect(lines[1].length).toBe(lines[2].length);
  });
});

describe('fixClock', () => {
  it("fixes the app's ACTION_CLOCK to the dataset's now, a fresh Date each time", () => {
    const clock: ActionClock = { now: () => new Date() };
    const asked: unknown[] = [];
    const app = {
      get: (token: unknown) => {
        asked.push(token);
        return clock;
      },
    } as unknown as Pick<INestApplication, 'get'>;
    fixClock(app, new Date('2027-03-01T17:00:00Z'));
    expect(asked).toEqual([ACTION_CLOCK]);
    expect(clock.now().toISOString()).toBe('2027-03-01T17:00:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
  });
});
