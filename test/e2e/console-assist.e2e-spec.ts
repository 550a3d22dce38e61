import { INestApplicationContext } from '@nestjs/common';
import { OFFLINE_REWRITE_REASON } from '@switchboard/assist';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { OpenAiDouble, ScriptedChatReply } from '@switchboard/llm/testing';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

const PASSWORD = 'correct horse battery staple';
const RETURNS =
  'You can return unworn shoes within 30 days of delivery for a full refund. Print the label from your order page.';

interface Workspace {
  id: WorkspaceId;
  key: string;
  inboxId: string;
  /** An agent of the workspace, signed in to the console. */
  token: string;
}

/** A booted api and worker with helpers to make a workspace with knowledge, an agent and conversations. */
class AssistFixture {
  private sequence = 0;

  constructor(
    readonly api: TestApi,
    private readonly worker: INestApplicationContext,
    private readonly environment: TestEnvironment,
  ) {}

  static async start(prefix: string, overrides: Record<string, string> = {}): Promise<AssistFixture> {
    const environment = await createTestEnvironment(prefix, overrides);
    const api = await startApi(environment);
    const worker = await startWorker(environment);
    return new AssistFixture(api, worker, environment);
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.api.close();
    await this.environment.destroy();
  }

  async workspace(name: string, withKnowledge = true): Promise<Workspace> {
    const { url } = this.api;
    const created = await request(url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${this.api.config.adminToken}`)
      .send({ name })
      .expect(201);
    const key = created.body.apiKey.key as string;
    const auth = `Bearer ${key}`;
    const inbox = await request(url)
      .post('/v1/inboxes')
      .set('Authorization', auth)
      .send({ name: 'Website', channel: 'widget' })
      .expect(201);
    const email = `agent${++this.sequence}-${name.toLowerCase().replace(/\W/g, '')}@assist.test`;
    await request(url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ email, name: 'Ana Agent', role: 'agent', password: PASSWORD })
      .expect(201);
    const login = await request(url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
    if (withKnowledge) await this.addKnowledge(auth);
    return { id: asWorkspaceId(created.body.workspace.id), key, inboxId: inbox.body.inbox.id, token: login.body.token };
  }

  private async addKnowledge(auth: string): Promise<void> {
    const { url } = this.api;
    const source = (
      await request(url)
        .post('/v1/knowledge/sources')
        .set('Authorization', auth)
        .send({ name: 'Help', type: 'text', visibility: 'public' })
        .expect(201)
    ).body.id;
    const accepted = await request(url)
      .post(`/v1/knowledge/sources/${source}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(JSON.stringify({ id: 'returns', title: 'Returns policy', text: RETURNS }))
      .expect(202);
    await eventually(
      async () =>
        (
          await request(url)
            .get(`/v1/knowledge/sources/${source}/syncs/${accepted.body.sync.id}`)
            .set('Authorization', auth)
        ).body.status === 'completed',
      { what: 'the knowledge to be indexed' },
    );
  }

  /** A widget conversation with these customer messages, opened in-process. */
  async conversation(workspace: Workspace, ...customer: string[]): Promise<string> {
    const messages = this.api.app.get(ConversationMessagesService);
    const visitor = `visitor-${++this.sequence}`;
    const { conversation } = await messages.openConversation(workspace.id, {
      inboxId: workspace.inboxId,
      sourceId: visitor,
      name: 'Carla Customer',
    });
    for (const [index, content] of customer.entries()) {
      await messages.receiveCustomerMessage(workspace.id, conversation.id, {
        content,
        clientMessageId: `${visitor}-${index}`,
      });
    }
    return conversation.id;
  }

  post(workspace: Workspace, path: string, body: object = {}) {
    return request(this.api.url)
      .post(`/v1/console/${path}`)
      .set('Authorization', `Bearer ${workspace.token}`)
      .send(body);
  }

  get(workspace: Workspace, path: string) {
    return request(this.api.url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${workspace.token}`);
  }

  /** LLM calls of the workspace by task, over the usage report's days. */
  async callsByTask(workspace: Workspace): Promise<Record<string, number>> {
    const usage = await request(this.api.url)
      .get('/v1/answers/usage')
      .set('Authorization', `Bearer ${workspace.key}`)
      .expect(200);
    const totals: Record<string, number> = {};
    for (const day of usage.body as Array<{ byTask: Record<string, { calls: number }> }>) {
      for (const [task, { calls }] of Object.entries(day.byTask)) totals[task] = (totals[task] ?? 0) + calls;
    }
    return totals;
  }
}

describe('console assist offline (extractive, no model)', () => {
  let fixture: AssistFixture;
  let acme: Workspace;
  let other: Workspace;

  beforeAll(async () => {
    fixture = await AssistFixture.start('assist_offline');
    acme = await fixture.workspace('Acme');
    other = await fixture.workspace('Globex', false);
  });

  afterAll(() => fixture?.close());

  it('says rewriting is off and why, and lists the styles', async () => {
    const capabilities = await fixture.get(acme, 'assist').expect(200);
    expect(capabilities.body).toEqual({
      rewrite: { available: false, reason: OFFLINE_REWRITE_REASON },
      styles: ['shorter', 'friendlier', 'more_formal', 'fix_grammar', 'translate'],
    });
  });

  it("suggests the extractive draft to the customer's latest message, with its citations", async () => {
    const conversationId = await fixture.conversation(acme, 'Hello', 'How many days do I have to return shoes?');
    const { body } = await fixture.post(acme, `conversations/${conversationId}/assist/suggest-reply`).expect(200);
    expect(body.suggestion).toMatchObject({
      model: 'extractive',
      replyingTo: 'How many days do I have to return shoes?',
      text: expect.stringContaining('30 days'),
    });
    expect(body.suggestion.citations).toEqual([{ index: 1, title: 'Returns policy', url: null }]);
    expect(body.suggestion.confidence).toBeGreaterThanOrEqual(0);
    expect(body.suggestion.confidence).toBeLessThanOrEqual(1);
    // A suggestion is for the agent: nothing was added to the conversation.
    const messages = await fixture.api.app
      .get(ConversationMessagesService)
      .recentTurns(acme.id, conversationId, { limit: 10 });
    expect(messages.map((turn) => turn.role)).toEqual(['customer', 'customer']);
  });

  it('answers 409 nothing_to_suggest when the customer has not written', async () => {
    const conversationId = await fixture.conversation(acme);
    const { body } = await fixture.post(acme, `conversations/${conversationId}/assist/suggest-reply`).expect(409);
    expect(body.code).toBe('nothing_to_suggest');
  });

  it('refuses a rewrite with 409 assist_unavailable and the one-line reason', async () => {
    const conversationId = await fixture.conversation(acme, 'Where is my parcel?');
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, { text: 'It ships soon.', style: 'shorter' })
      .expect(409);
    expect(body).toMatchObject({ code: 'assist_unavailable', message: OFFLINE_REWRITE_REASON });
  });

  it('summarises the conversation extractively', async () => {
    const conversationId = await fixture.conversation(acme, 'My order is late', 'Can you refund the shipping?');
    const { body } = await fixture.post(acme, `conversations/${conversationId}/assist/summary`).expect(200);
    expect(body).toEqual({
      summary: 'Conversation of 2 messages.\nCustomer asked: "My order is late"; "Can you refund the shipping?"',
    });
  });

  it("answers 404 for another workspace's conversation on every assist route", async () => {
    const conversationId = await fixture.conversation(acme, 'How many days do I have to return shoes?');
    for (const path of ['suggest-reply', 'summary']) {
      const { body } = await fixture.post(other, `conversations/${conversationId}/assist/${path}`).expect(404);
      expect(body.code).toBe('not_found');
    }
    const rewrite = await fixture
      .post(other, `conversations/${conversationId}/assist/rewrite`, { text: 'Hi', style: 'shorter' })
      .expect(404);
    expect(rewrite.body.code).toBe('not_found');
  });

  it('answers 400 naming the field for an unknown style, a blank draft or a malformed language', async () => {
    const conversationId = await fixture.conversation(acme, 'Where is my parcel?');
    const path = `conversations/${conversationId}/assist/rewrite`;
    const style = await fixture.post(acme, path, { text: 'It ships soon.', style: 'louder' }).expect(400);
    expect(JSON.stringify(style.body.message)).toContain('style');
    const blank = await fixture.post(acme, path, { text: '  \n ', style: 'shorter' }).expect(400);
    expect(JSON.stringify(blank.body.message)).toContain('text');
    const language = await fixture
      .post(acme, path, { text: 'It ships soon.', style: 'translate', language: 'Spanish' })
      .expect(400);
    expect(JSON.stringify(language.body.message)).toContain('language');
  });
});

describe('console assist with an OpenAI-compatible LLM (test double)', () => {
  let llm: OpenAiDouble;
  let fixture: AssistFixture;
  let acme: Workspace;
  let rewriteWith: () => ScriptedChatReply;

  const isRewrite = (system: string) => system.includes("You rewrite a support agent's draft");
  const isGrounding = (system: string) => system.includes('check answers for grounding');

  beforeAll(async () => {
    llm = await OpenAiDouble.start({
      respond: (body) => {
        const system = JSON.stringify(body.messages[0]?.content ?? '');
        if (isGrounding(system)) return { text: '{"grounded": true}' };
        if (isRewrite(system)) return rewriteWith();
        return { text: 'You can return unworn shoes within 30 days of delivery [1].' };
      },
    });
    fixture = await AssistFixture.start('assist_llm', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      LLM_TIMEOUT_MS: '2000',
      LLM_RETRIES_PER_PROVIDER: '1',
      LLM_DEADLINE_MS: '5000',
    });
    acme = await fixture.workspace('Acme LLM');
  });

  beforeEach(() => {
    rewriteWith = () => ({ text: 'Your refund is on its way.' });
  });

  // Every request sent is one OpenAI's document accepts.
  afterEach(() => {
    expect(llm.problems).toEqual([]);
  });

  afterAll(async () => {
    await fixture?.close();
    await llm?.close();
  });

  function rewriteRequests() {
    return llm.chatRequests.filter((sent) => isRewrite(JSON.stringify(sent.body.messages[0]?.content ?? '')));
  }

  it('says rewriting is available', async () => {
    const { body } = await fixture.get(acme, 'assist').expect(200);
    expect(body.rewrite).toEqual({ available: true, reason: null });
  });

  it("returns the model's rewrite of the draft, the draft sent as delimited data, and logs it as task rewrite", async () => {
    const conversationId = await fixture.conversation(acme, 'Where is my refund?');
    const before = await fixture.callsByTask(acme);
    const sentBefore = rewriteRequests().length;
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, {
        text: 'hi, we has sent you refund yesterday, it arrive soon',
        style: 'fix_grammar',
      })
      .expect(200);
    expect(body.rewrite).toEqual({
      text: 'Your refund is on its way.',
      model: 'gpt-4o-mini',
      language: null,
      filtered: [],
    });
    const sent = rewriteRequests().slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0].body.messages[0].content)).toContain('Fix spelling, grammar and punctuation only');
    const user = sent[0].body.messages[1].content as string;
    expect(user).toMatch(
      /^<<<AGENT-DRAFT-[0-9a-f]+>>>\n[^]*we has sent you refund yesterday[^]*\n<<<END-AGENT-DRAFT-/i,
    );
    const after = await fixture.callsByTask(acme);
    expect((after.rewrite ?? 0) - (before.rewrite ?? 0)).toBe(1);
  });

  it('removes a link and a phone number the model added that the conversation does not contain', async () => {
    const conversationId = await fixture.conversation(acme, 'Can I return my shoes?');
    rewriteWith = () => ({
      text: 'Yes! Start at https://evil.example/returns or call +1 415 555 0182 and we will help.',
    });
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, {
        text: 'yes you can return them',
        style: 'friendlier',
      })
      .expect(200);
    expect(body.rewrite.text).not.toContain('evil.example');
    expect(body.rewrite.text).not.toContain('555 0182');
    expect(body.rewrite.text).toContain('we will help');
    expect([...body.rewrite.filtered].sort()).toEqual(['redacted_phone', 'removed_link']);
  });

  it('keeps a phone number that the conversation already holds', async () => {
    const conversationId = await fixture.conversation(acme, 'Call me back on +1 415 555 0182 please');
    rewriteWith = () => ({ text: 'We will call you on +1 415 555 0182 today.' });
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, { text: 'we call you today', style: 'more_formal' })
      .expect(200);
    expect(body.rewrite).toMatchObject({ text: 'We will call you on +1 415 555 0182 today.', filtered: [] });
  });

  it("translates into the customer's language guessed from the conversation when none is given", async () => {
    const conversationId = await fixture.conversation(acme, 'Hola, ¿dónde está mi pedido? No lo encuentro.');
    rewriteWith = () => ({ text: 'Su pedido llegará mañana.' });
    const sentBefore = rewriteRequests().length;
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, {
        text: 'Your order arrives tomorrow.',
        style: 'translate',
      })
      .expect(200);
    expect(body.rewrite).toMatchObject({ text: 'Su pedido llegará mañana.', language: 'es' });
    const [sent] = rewriteRequests().slice(sentBefore);
    expect(JSON.stringify(sent.body.messages[0].content)).toContain('Target language (ISO 639-1): es.');
  });

  it("answers 422 language_unknown when the customer's language cannot be told, without calling the model", async () => {
    const conversationId = await fixture.conversation(acme, 'ok 123');
    const sentBefore = rewriteRequests().length;
    const { body } = await fixture
      .post(acme, `conversations/${conversationId}/assist/rewrite`, { text: 'Thanks!', style: 'translate' })
      .expect(422);
    expect(body.code).toBe('language_unknown');
    expect(rewriteRequests().length).toBe(sentBefore);
  });

  it("suggests the model's draft with citations, logged as task suggest_reply, its follow-up search as query_rewrite", async () => {
    const conversationId = await fixture.conversation(
      acme,
      'I bought boots last week.',
      'How long do I have to return shoes?',
    );
    const before = await fixture.callsByTask(acme);
    const { body } = await fixture.post(acme, `conversations/${conversationId}/assist/suggest-reply`).expect(200);
    expect(body.suggestion).toMatchObject({
      model: 'gpt-4o-mini',
      text: expect.stringContaining('30 days'),
      replyingTo: 'How long do I have to return shoes?',
    });
    expect(body.suggestion.citations[0]).toMatchObject({ index: 1, title: 'Returns policy' });
    const after = await fixture.callsByTask(acme);
    const delta = (task: string) => (after[task] ?? 0) - (before[task] ?? 0);
    expect(delta('suggest_reply')).toBeGreaterThanOrEqual(1);
    expect(delta('query_rewrite')).toBe(1);
    // The drafting call is the agent's, not a customer answer, and no draft was rewritten.
    expect(delta('answer')).toBe(0);
    expect(delta('rewrite')).toBe(0);
  });
});
