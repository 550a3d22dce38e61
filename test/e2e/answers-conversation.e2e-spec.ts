import { INestApplicationContext } from '@nestjs/common';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

const HELP_CENTRE = join(__dirname, '../../examples/help-centre');

interface Answer {
  text: string;
  draft: string;
  decision: 'answer' | 'escalate';
  confidence: number;
  citations: Array<{ index: number; title: string; documentId: string }>;
  features: Record<string, number>;
}

/** The demo's help centre, asked as a customer would: earlier turns must help a follow-up and never drag a new subject. */
describe('answers in a conversation (offline, the demo help centre)', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let auth: string;

  const ask = async (question: string, history: Array<{ role: string; text: string }> = []): Promise<Answer> =>
    (
      await request(api.url)
        .post('/v1/answers')
        .set('Authorization', auth)
        .send({ question, history, noCache: true })
        .expect(200)
    ).body as Answer;

  /** The exchange as the channels pass it: the customer's question and the bot's reply. */
  const exchange = (question: string, answer: Answer) => [
    { role: 'customer', text: question },
    { role: 'bot', text: answer.text },
  ];

  async function uploadArticles(sourceId: string, names: string[]): Promise<void> {
    const upload = request(api.url).post(`/v1/knowledge/sources/${sourceId}/files`).set('Authorization', auth);
    for (const name of names) {
      void upload.attach('files', await readFile(join(HELP_CENTRE, name)), {
        filename: name,
        contentType: 'text/markdown',
      });
    }
    const intake = await upload.expect(202);
    await eventually(
      async () => {
        const sync = await request(api.url)
          .get(`/v1/knowledge/sources/${sourceId}/syncs/${intake.body.sync.id}`)
          .set('Authorization', auth);
        return sync.body.status === 'completed';
      },
      { what: 'the help centre to be indexed', timeoutMs: 120_000 },
    );
  }

  beforeAll(async () => {
    environment = await createTestEnvironment('answers_conversation');
    api = await startApi(environment);
    worker = await startWorker(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Northwind' })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Help centre', type: 'upload', visibility: 'public' })
      .expect(201);
    const articles = (await readdir(HELP_CENTRE)).filter((file) => file.endsWith('.md'));
    // An upload takes at most 20 files.
    for (let start = 0; start < articles.length; start += 10) {
      await uploadArticles(source.body.id, articles.slice(start, start + 10));
    }
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  it('answers a change of subject from the new subject, as if it were asked alone', async () => {
    const password = await ask('How do I reset my password?');
    expect(password.citations[0].title).toBe('Password reset and two-factor authentication');

    const alone = await ask('Where do you deliver?');
    const afterPassword = await ask('Where do you deliver?', exchange('How do I reset my password?', password));

    expect(afterPassword.citations[0].title).toBe(alone.citations[0].title);
    expect(afterPassword.citations.map((c) => c.title)).not.toContain('Password reset and two-factor authentication');
    expect(afterPassword.features.context_used).toBe(0);
    expect(afterPassword.confidence).toBeCloseTo(alone.confidence, 1);
  });

  it('reads a follow-up in the context of the conversation', async () => {
    const question = 'How do I reset my password?';
    const password = await ask(question);
    const followup = await ask('What if the email never arrives?', exchange(question, password));

    expect(followup.features.context_used).toBe(1);
    expect(followup.citations[0].title).toBe('Password reset and two-factor authentication');
  });

  it('states a table row as a sentence and cites each document once', async () => {
    const answer = await ask('How much does the Haul cost per month?');

    expect(answer.draft).toContain(
      'Northwind Haul — What it is: Longtail cargo bike for kids and shopping; Monthly plan: $99',
    );
    expect(answer.draft).not.toContain('|');
    const documents = answer.citations.map((c) => c.documentId);
    expect(new Set(documents).size).toBe(documents.length);
    expect(answer.citations[0].title).toBe('Plans, models and prices');
  });
});
