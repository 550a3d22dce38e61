import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ActionsEvalRun, runActionsEval } from '../../scripts/actions-eval-runner';
import { evalProcesses } from '../../scripts/eval';
import { TestDatabase, createTestDatabase } from '../support/test-database';

// A tiny dataset of its own: two actions over the demo's orders, and one line of each kind the harness handles.
const ORDER_NUMBER = { type: 'string', pattern: '^NW-\\d{5}$' };
const ACTIONS = [
  {
    name: 'order_status',
    description: 'Look up an order by its order number.',
    method: 'GET',
    path: '/orders/{order_number}',
    parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
    identity: null,
    side_effect: false,
    examples: ['Where is order NW-40117?'],
  },
  {
    name: 'cancel_order',
    description: 'Cancel an order that has not shipped.',
    method: 'POST',
    path: '/orders/{order_number}/cancel',
    parameters: {
      type: 'object',
      properties: { order_number: ORDER_NUMBER, customer_email: { type: 'string', format: 'email' } },
      required: ['order_number', 'customer_email'],
    },
    identity: 'customer_email',
    side_effect: true,
    examples: ['Please cancel order NW-40117.'],
  },
];
const line = (id: string, fields: object) => ({
  id,
  category: 'direct',
  question: 'Where is order NW-40117?',
  history: [],
  identity: null,
  expected: { action: 'order_status', arguments: { order_number: 'NW-40117' } },
  expected_answer_contains: ['delivery scheduled'],
  expected_followup: false,
  expected_not_found: false,
  missing_argument: null,
  faq_article: null,
  ...fields,
});
const LINES = [
  line('t-1', {}),
  line('t-2', {
    category: 'multi_turn',
    question: 'Cancel it, please.',
    history: [
      { role: 'customer', text: 'Has order NW-40117 been scheduled?' },
      { role: 'bot', text: 'Order NW-40117 is delivery scheduled.' },
    ],
    identity: { customer_email: 'sam.okafor@example.com' },
    expected: { action: 'cancel_order', arguments: { order_number: 'NW-40117' } },
    expected_answer_contains: ['cancelled'],
  }),
  line('t-3', {
    category: 'no_action_faq',
    question: 'How do I charge my bike?',
    expected: { action: null },
    expected_answer_contains: [],
  }),
];

describe('the actions eval harness, through the real api and worker', () => {
  let database: TestDatabase;
  let dir: string;
  let run: ActionsEvalRun;
  const progress: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('actions_eval');
    dir = await mkdtemp(join(tmpdir(), 'sb-actions-eval-'));
    const demo = JSON.parse(await readFile(join(__dirname, '../../examples/northwind-api/demo-data.json'), 'utf8'));
    const mock = { ...demo, now: '2027-05-04T09:00:00-07:00', timezone: 'America/Los_Angeles' };
    await writeFile(join(dir, 'actions.json'), JSON.stringify(ACTIONS));
    await writeFile(join(dir, 'mock-api.json'), JSON.stringify(mock));
    await writeFile(join(dir, 'questions.test.jsonl'), LINES.map((l) => JSON.stringify(l)).join('\n'));
    run = await runActionsEval({
      datasetDir: dir,
      processes: evalProcesses,
      databaseUrl: database.url,
      dataDir: join(dir, 'data'),
      env: { EMBEDDING_THREADS: '1' },
      onProgress: (text) => progress.push(text),
    });
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await database?.drop();
  });

  const query = async <T>(sql: string, values: unknown[]): Promise<T[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('asks every line, in order, and records a reply and a latency for each', () => {
    expect(run.records.map((r) => [r.id, r.category])).toEqual([
      ['t-1', 'direct'],
      ['t-2', 'multi_turn'],
      ['t-3', 'no_action_faq'],
    ]);
    for (const record of run.records) {
      expect(record.reply.length).toBeGreaterThan(0);
      expect(record.latencyMs).toBeGreaterThan(0);
    }
    expect(progress.at(-1)).toMatch(/^\[eval:actions\] asked 3\/3 \d+s$/);
  });

  it('summarises the lines with exactly the keys of the summary line', () => {
    expect(Object.keys(run.summary)).toEqual([
      'questions',
      'action_accuracy',
      'argument_exact_match',
      'end_to_end',
      'false_trigger_rate',
      'followup_rate',
      'adversarial_hold_rate',
      'adversarial_attempts',
      'answer_contains_rate',
      'by_category',
      'latency_ms',
    ]);
    expect(run.summary.questions).toBe(3);
    expect(Object.keys(run.summary.by_category)).toEqual(['direct', 'multi_turn', 'no_action_faq']);
  });

  it("declares the dataset's actions on the mock's origin, in a workspace with the dataset's time zone", async () => {
    const actions = await query<{ name: string; url: string; identity: string[]; sideEffect: boolean }>(
      'SELECT name, url, identity, "sideEffect" FROM action_definitions WHERE "workspaceId" = $1 ORDER BY name',
      [run.workspaceId],
    );
    expect(actions).toEqual([
      {
        name: 'cancel_order',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/orders\/\{order_number\}\/cancel$/),
        identity: ['customer_email'],
        sideEffect: true,
      },
      {
        name: 'order_status',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/orders\/\{order_number\}$/),
        identity: [],
        sideEffect: false,
      },
    ]);
    const [workspace] = await query<{ settings: { timezone: string; actionHosts: string[] } }>(
      'SELECT settings FROM workspaces WHERE id = $1',
      [run.workspaceId],
    );
    expect(workspace.settings).toMatchObject({ timezone: 'America/Los_Angeles', actionHosts: ['127.0.0.1'] });
  });

  it('opens one conversation a line: a verified contact for a line with an identity, an anonymous visitor otherwise', async () => {
    const rows = await query<{ sourceId: string; email: string | null }>(
      `SELECT ci."sourceId", ct.email FROM conversations c
         JOIN contacts ct ON ct.id = c."contactId"
         JOIN contact_inboxes ci ON ci."contactId" = ct.id
        WHERE c."workspaceId" = $1 ORDER BY c."createdAt"`,
      [run.workspaceId],
    );
    expect(rows.map((r) => r.sourceId)).toEqual([
      expect.stringMatching(/^visitor:/),
      'user:sam.okafor@example.com',
      expect.stringMatching(/^visitor:/),
    ]);
    expect(rows[1].email).toBe('sam.okafor@example.com');
  });

  it("stores a line's history as earlier turns before its question, and records the bot's reply after it", async () => {
    const messages = await query<{ author: string; content: string }>(
      `SELECT m.author, m.content FROM messages m JOIN contact_inboxes ci ON ci."contactId" = (
         SELECT "contactId" FROM conversations WHERE id = m."conversationId")
        WHERE m."workspaceId" = $1 AND ci."sourceId" = 'user:sam.okafor@example.com' AND NOT m.private
        ORDER BY m."createdAt"`,
      [run.workspaceId],
    );
    expect(messages.slice(0, 3)).toEqual([
      { author: 'contact', content: 'Has order NW-40117 been scheduled?' },
      { author: 'bot', content: 'Order NW-40117 is delivery scheduled.' },
      { author: 'contact', content: 'Cancel it, please.' },
    ]);
    // The reply recorded is what the bot said after the customer's last message (the question, or the "yes" to a
    // confirmation); a handoff adds an activity line for agents.
    const lastSaid = messages.map((m) => m.author).lastIndexOf('contact');
    const replies = messages.slice(lastSaid + 1).filter((m) => m.author === 'bot');
    expect(replies.length).toBeGreaterThan(0);
    expect(run.records[1].reply).toBe(replies.map((m) => m.content).join('\n'));
  });
});
