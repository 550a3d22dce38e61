import { INestApplicationContext } from '@nestjs/common';
import { AnswerResult, SYSTEM_PROMPT } from '@switchboard/answers';
import { chatLineProblems } from '@switchboard/fine-tuning';
import { OpenAiDouble, ScriptedChatReply } from '@switchboard/llm/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { SeededConversation, seedResolvedConversations } from '../support/fine-tuning-fixtures';
import { readSse } from '../support/sse';
import { TestApi, startApi, startTestApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

const TUNED = 'ft:gpt-4o-mini-2024-07-18:northwind:style:abc123';
const TOPICS = ['in May', 'for a week', 'while abroad', 'in winter', 'after a crash', 'for repairs', 'on holiday'];

/** A conversation an agent finished: the bot's answer (helpful or not), a follow-up, the agent's reply. */
function supportConversation(i: number): SeededConversation {
  const first = `Customer${String.fromCharCode(65 + i)}`;
  const email = `${first.toLowerCase()}@mail.example`;
  const topic = `${TOPICS[i % TOPICS.length]} (case ${i})`;
  return {
    contact: { name: `${first} Lindqvist`, email },
    lines: [
      {
        customer: `Hi, ${first} Lindqvist here. Can I pause my subscription ${topic}? Mail ${email} or call +44 20 7946 0${100 + i}.`,
      },
      { bot: `You can pause it from your account page [1].`, feedback: i % 2 === 0 ? 'up' : undefined, cites: i < 3 },
      { customer: `Thanks. My card 4242 4242 4242 4242 was charged twice ${topic}.` },
      { agent: 'Internal: refund approved', private: true },
      { agent: `Sorry ${first}, I refunded the second charge ${topic}. It shows in 3 days.` },
      { resolved: true },
    ],
  };
}

/** The bot answered and an agent closed the ticket without writing: an accepted answer. */
function acceptedConversation(i: number): SeededConversation {
  return {
    contact: { name: `Accepted${i} Person` },
    lines: [
      { customer: `Do you deliver bikes to island ${i}?` },
      { bot: `Yes, we deliver to island ${i} within five working days.` },
      { resolved: true },
    ],
  };
}

describe('fine-tuning: export from resolved conversations, jobs through the OpenAI double, tuned-model routing', () => {
  let llm: OpenAiDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let answerWith: (model: string) => ScriptedChatReply;

  const isGrounding = (system: string) => system.includes('check answers for grounding');
  const isRewrite = (system: string) => system.includes("Rewrite the customer's last message");

  beforeAll(async () => {
    llm = await OpenAiDouble.start({
      respond: (body) => {
        const system = JSON.stringify(body.messages[0]?.content ?? '');
        if (isGrounding(system)) return { text: '{"grounded": true}' };
        if (isRewrite(system)) return { text: 'How long do I have to return shoes?' };
        return answerWith(body.model);
      },
    });
    environment = await createTestEnvironment('fine-tuning', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      LLM_TIMEOUT_MS: '2000',
      LLM_RETRIES_PER_PROVIDER: '1',
      LLM_DEADLINE_MS: '8000',
      FINE_TUNING_POLL_INTERVAL_MS: '50',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
  });

  beforeEach(() => {
    answerWith = (model) => ({ text: `Unworn shoes can be returned within 30 days [1]. (${model})` });
  });

  afterEach(() => {
    expect(llm.problems).toEqual([]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await llm?.close();
  });

  async function workspace(name: string): Promise<{ id: string; auth: string }> {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name })
      .expect(201);
    return { id: created.body.workspace.id, auth: `Bearer ${created.body.apiKey.key}` };
  }

  async function download(auth: string, path: string): Promise<string[]> {
    const response = await fetch(`${api.url}${path}`, { headers: { Authorization: auth } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jsonl/);
    const text = await response.text();
    return text === '' ? [] : text.trimEnd().split('\n');
  }

  /** A workspace with 14 useful conversations, a duplicate, an erased contact's and one with nothing to learn. */
  async function seededWorkspace(name: string): Promise<{ id: string; auth: string }> {
    const ws = await workspace(name);
    await seedResolvedConversations(environment.database.url, ws.id, [
      ...Array.from({ length: 12 }, (_, i) => supportConversation(i)),
      acceptedConversation(1),
      acceptedConversation(2),
      supportConversation(0),
      {
        contact: { name: 'Erin Erased', erasureRequested: true },
        lines: [{ customer: 'ERASED-MARKER question' }, { agent: 'ERASED-MARKER reply' }, { resolved: true }],
      },
      {
        contact: { name: 'Nobody Helped' },
        lines: [{ customer: 'Is the shop open?' }, { bot: 'No idea.', feedback: 'down' }, { resolved: true }],
      },
    ]);
    return ws;
  }

  function exportOf(ws: { auth: string }, body: object = {}): request.Test {
    return request(api.url).post('/v1/fine-tuning/exports').set('Authorization', ws.auth).send(body);
  }

  it('exports resolved conversations as redacted chat examples, every line valid, split by conversation', async () => {
    const ws = await seededWorkspace('Export');

    const created = await exportOf(ws, { seed: 7 }).expect(201);

    expect(created.body.report).toMatchObject({
      conversationsRead: 17,
      conversationsErased: 1,
      conversationsWithoutExample: 1,
      duplicatesRemoved: 1,
      examples: 14,
      trainExamples: 11,
      validationExamples: 3,
      replies: { agent: 12, botHelpful: 6, botAccepted: 2 },
      // Cases 0 and 2 were rated helpful and cite; case 1's cited answer was not kept.
      examplesCitingDocuments: 2,
      estimatedEpochs: 9,
      costModel: 'gpt-4o-mini',
      warnings: [],
    });
    // Counted while building, so the duplicate's count too: one e-mail, card and phone in each of 13 support chats.
    expect(created.body.report.redactions).toMatchObject({ email: 13, card: 13, phone: 13 });
    expect(created.body.report.estimatedTokens).toBeGreaterThan(0);
    expect(created.body.report.estimatedCostUsd).toBeCloseTo(
      // gpt-4o-mini trains at 3 USD per 1M tokens; the report rounds to 1/100 of a cent.
      (created.body.report.estimatedTrainingTokens * 3) / 1_000_000,
      4,
    );

    const train = await download(ws.auth, created.body.files.train);
    const validation = await download(ws.auth, created.body.files.validation);
    expect(train).toHaveLength(11);
    expect(validation).toHaveLength(3);
    for (const line of [...train, ...validation]) {
      expect(chatLineProblems(line)).toEqual([]);
      const { messages } = JSON.parse(line) as { messages: Array<{ role: string; content: string }> };
      expect(messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    }
    // The turns only: the system prompt itself mentions [1].
    const all = [...train, ...validation]
      .map((line) => JSON.stringify((JSON.parse(line) as { messages: unknown[] }).messages.slice(1)))
      .join('\n');
    expect(all).not.toMatch(/mail\.example|4242|\+44|Lindqvist|Customer[A-Z]|ERASED-MARKER|Internal: refund|\[1\]/);
    expect(all).toContain('[name]');
    expect(all).toContain('[email]');
    // One conversation is one example: the two files share none.
    const cases = (lines: string[]) => lines.map((line) => /case \d+|island \d+/.exec(line)?.[0]);
    expect(cases(train).filter((c) => cases(validation).includes(c))).toEqual([]);

    const again = await exportOf(ws, { seed: 7 }).expect(201);
    expect(await download(ws.auth, again.body.files.validation)).toEqual(validation);
  });

  it("drops a contact's conversations from the next export once they ask for erasure", async () => {
    const ws = await workspace('Erasure');
    const seeded = await seedResolvedConversations(
      environment.database.url,
      ws.id,
      Array.from({ length: 14 }, (_, i) => supportConversation(i)),
    );
    const before = await exportOf(ws).expect(201);
    expect(before.body.report).toMatchObject({ examples: 14, conversationsErased: 0 });

    const erased = await request(api.url)
      .post(`/v1/contacts/${seeded[13].contactId}/erasure-request`)
      .set('Authorization', ws.auth)
      .expect(200);
    expect(erased.body).toMatchObject({ contactId: seeded[13].contactId, erasureRequestedAt: expect.any(String) });
    await request(api.url)
      .post(`/v1/contacts/${randomUUID()}/erasure-request`)
      .set('Authorization', ws.auth)
      .expect(404);

    const after = await exportOf(ws).expect(201);
    expect(after.body.report).toMatchObject({ examples: 13, conversationsErased: 1 });
    const lines = [
      ...(await download(ws.auth, after.body.files.train)),
      ...(await download(ws.auth, after.body.files.validation)),
    ];
    expect(lines.join('\n')).not.toContain('(case 13)');
  });

  it('warns when most examples answer from knowledge documents', async () => {
    const ws = await workspace('Facts');
    await seedResolvedConversations(
      environment.database.url,
      ws.id,
      Array.from({ length: 12 }, (_, i) => ({
        lines: [
          { customer: `What is the price of plan ${i}?` },
          { bot: `Plan ${i} costs ${10 + i} EUR a month [1].`, feedback: 'up' as const, cites: true },
          { resolved: true as const },
        ],
      })),
    );

    const created = await exportOf(ws).expect(201);

    expect(created.body.report.examplesCitingDocuments).toBe(12);
    expect(created.body.report.warnings).toEqual([expect.stringContaining('Keep facts in the knowledge base (RAG)')]);
  });

  it('refuses a dataset under the provider minimum with a 422, and bad input with a 400 naming the field', async () => {
    const ws = await workspace('Small');
    await seedResolvedConversations(environment.database.url, ws.id, [supportConversation(1), supportConversation(2)]);

    const small = await exportOf(ws).expect(422);
    expect(small.body).toMatchObject({ code: 'too_few_examples', message: expect.stringContaining('at least 10') });

    const badSeed = await exportOf(ws, { seed: -1 }).expect(400);
    expect(JSON.stringify(badSeed.body)).toContain('seed');
    const badJob = await request(api.url)
      .post('/v1/fine-tuning/jobs')
      .set('Authorization', ws.auth)
      .send({ exportId: 'not-an-id' })
      .expect(400);
    expect(JSON.stringify(badJob.body)).toContain('exportId');
    await request(api.url)
      .post('/v1/fine-tuning/jobs')
      .set('Authorization', ws.auth)
      .send({ exportId: randomUUID() })
      .expect(404);
  });

  it('trains through the double to success: files uploaded, status and events stored, the answer task routed', async () => {
    const ws = await seededWorkspace('Train');
    const dataset = await exportOf(ws).expect(201);

    const started = await request(api.url)
      .post('/v1/fine-tuning/jobs')
      .set('Authorization', ws.auth)
      .send({ exportId: dataset.body.id, suffix: 'style' })
      .expect(201);
    expect(started.body).toMatchObject({ status: 'validating_files', baseModel: 'gpt-4o-mini', activated: false });

    const done = await eventually(
      async () => {
        const job = await request(api.url).get(`/v1/fine-tuning/jobs/${started.body.id}`).set('Authorization', ws.auth);
        return job.body.activated === true && job.body;
      },
      { what: 'the job to succeed and be activated' },
    );
    expect(done).toMatchObject({ status: 'succeeded', fineTunedModel: expect.stringMatching(/^ft:gpt-4o-mini/) });
    expect(done.events.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Validating training file'),
        'Fine-tuning job started',
        'The job has successfully completed',
      ]),
    );
    const uploaded = [...llm.fineTuning.files.values()].map((file) => file.content);
    expect(uploaded).toContain(`${(await download(ws.auth, dataset.body.files.train)).join('\n')}\n`);
    const settings = await request(api.url).get('/v1/workspace').set('Authorization', ws.auth).expect(200);
    expect(settings.body.settings.tunedModels).toEqual({ answer: done.fineTunedModel });
  });

  it('follows a failing job to failure, stores its error and leaves the routing alone', async () => {
    const ws = await seededWorkspace('Fail');
    const dataset = await exportOf(ws).expect(201);
    llm.fineTuning.enqueueJobs({ outcome: 'failed', error: { code: 'quota_exceeded', message: 'Out of quota' } });

    const started = await request(api.url)
      .post('/v1/fine-tuning/jobs')
      .set('Authorization', ws.auth)
      .send({ exportId: dataset.body.id })
      .expect(201);

    const failed = await eventually(
      async () => {
        const job = await request(api.url).get(`/v1/fine-tuning/jobs/${started.body.id}`).set('Authorization', ws.auth);
        return job.body.status === 'failed' && job.body;
      },
      { what: 'the job to fail' },
    );
    expect(failed).toMatchObject({ error: 'quota_exceeded: Out of quota', fineTunedModel: null, activated: false });
    expect(failed.events.at(-1)).toMatchObject({ level: 'error', message: 'The job failed: Out of quota' });
    const settings = await request(api.url).get('/v1/workspace').set('Authorization', ws.auth).expect(200);
    expect(settings.body.settings.tunedModels).toEqual({});
  });

  describe('answers with a tuned model', () => {
    let ws: { id: string; auth: string };

    beforeAll(async () => {
      ws = await workspace('Routing');
      const source = (
        await request(api.url)
          .post('/v1/knowledge/sources')
          .set('Authorization', ws.auth)
          .send({ name: 'Help', type: 'text', visibility: 'public' })
          .expect(201)
      ).body.id;
      const accepted = await request(api.url)
        .post(`/v1/knowledge/sources/${source}/import`)
        .set('Authorization', ws.auth)
        .set('Content-Type', 'application/x-ndjson')
        .send(JSON.stringify({ id: 'returns', title: 'Returns policy', text: 'Return unworn shoes within 30 days.' }))
        .expect(202);
      await eventually(
        async () =>
          (
            await request(api.url)
              .get(`/v1/knowledge/sources/${source}/syncs/${accepted.body.sync.id}`)
              .set('Authorization', ws.auth)
          ).body.status === 'completed',
        { what: 'the knowledge to be indexed' },
      );
      await request(api.url)
        .patch('/v1/workspace/settings')
        .set('Authorization', ws.auth)
        .send({ tunedModels: { answer: TUNED } })
        .expect(200);
    });

    async function ask(): Promise<AnswerResult> {
      const response = await fetch(`${api.url}/v1/answers/stream`, {
        method: 'POST',
        headers: { Authorization: ws.auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: 'How long do I have to return shoes?', threshold: 0, noCache: true }),
      });
      const events = await readSse(response);
      return JSON.parse(events[events.length - 1].data) as AnswerResult;
    }

    const answerModels = () =>
      llm.chatRequests
        .filter((r) => JSON.stringify(r.body.messages[0]).includes('customer-support assistant'))
        .map((r) => r.body.model);

    it('answers with the tuned model', async () => {
      const before = answerModels().length;

      const result = await ask();

      expect(result).toMatchObject({ decision: 'answer', model: TUNED, text: expect.stringContaining(TUNED) });
      expect(answerModels().slice(before)).toEqual([TUNED]);
    });

    it('falls back to the configured model when the tuned model fails', async () => {
      answerWith = (model) =>
        model === TUNED
          ? { status: 404, errorMessage: `The model ${TUNED} does not exist or you do not have access to it.` }
          : { text: 'Unworn shoes can be returned within 30 days [1].' };
      const before = answerModels().length;

      const result = await ask();

      expect(result).toMatchObject({ decision: 'answer', model: 'gpt-4o-mini' });
      expect(answerModels().slice(before)).toEqual([TUNED, 'gpt-4o-mini']);
    });

    it('refuses a tuned model that is not a model id, naming the field', async () => {
      const response = await request(api.url)
        .patch('/v1/workspace/settings')
        .set('Authorization', ws.auth)
        .send({ tunedModels: { answer: 'not a model!' } })
        .expect(400);
      expect(JSON.stringify(response.body)).toContain('tunedModels.answer');
    });
  });
});

describe('fine-tuning without a provider (offline)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('fine-tuning-offline');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('refuses to start a job with a 409 saying an OpenAI-compatible provider is needed', async () => {
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Offline' })
      .expect(201);

    const refused = await request(api.url)
      .post('/v1/fine-tuning/jobs')
      .set('Authorization', `Bearer ${created.body.apiKey.key}`)
      .send({ exportId: randomUUID() })
      .expect(409);

    expect(refused.body).toMatchObject({
      code: 'provider_required',
      message: expect.stringContaining('OpenAI-compatible provider'),
    });
  });
});
