import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { OpenAiDouble } from '@switchboard/llm/testing';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

/** Two OpenAI-compatible providers (test doubles): the first is down, so answers come from the second. */
describe('answers with a secondary LLM provider', () => {
  let primary: OpenAiDouble;
  let secondary: OpenAiDouble;
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let auth: string;

  beforeAll(async () => {
    primary = await OpenAiDouble.start({ respond: () => ({ status: 500, errorMessage: 'primary is down' }) });
    secondary = await OpenAiDouble.start({
      respond: (body) =>
        JSON.stringify(body.messages[0]?.content ?? '').includes('check answers for grounding')
          ? { text: '{"grounded": true}' }
          : { text: 'Unworn shoes can be returned within 30 days of delivery [1].' },
      tokenIntervalMs: 2,
    });
    environment = await createTestEnvironment('answers_llm_fallback', {
      OPENAI_API_KEY: 'sk-primary',
      OPENAI_BASE_URL: primary.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      OPENAI_SECONDARY_API_KEY: 'sk-secondary',
      OPENAI_SECONDARY_BASE_URL: secondary.baseUrl,
      OPENAI_SECONDARY_MODEL: 'gpt-4.1-mini',
      OPENAI_SECONDARY_SMALL_MODEL: 'gpt-4.1-mini',
      LLM_TIMEOUT_MS: '1000',
      LLM_RETRIES_PER_PROVIDER: '1',
      LLM_DEADLINE_MS: '5000',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Two providers' })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
    const source = (
      await request(api.url)
        .post('/v1/knowledge/sources')
        .set('Authorization', auth)
        .send({ name: 'Help', type: 'text', visibility: 'public' })
        .expect(201)
    ).body.id as string;
    const accepted = await request(api.url)
      .post(`/v1/knowledge/sources/${source}/documents`)
      .set('Authorization', auth)
      .send({ id: 'returns', title: 'Returns policy', text: 'You can return unworn shoes within 30 days of delivery.' })
      .expect(202);
    await eventually(
      async () =>
        (
          await request(api.url)
            .get(`/v1/knowledge/sources/${source}/syncs/${accepted.body.sync.id}`)
            .set('Authorization', auth)
        ).body.status === 'completed',
      { what: 'the returns policy to be indexed' },
    );
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await primary?.close();
    await secondary?.close();
  });

  it('tries the first provider, then answers from the second, and records which model wrote the answer', async () => {
    const response = await request(api.url)
      .post('/v1/answers')
      .set('Authorization', auth)
      .send({ question: 'How long do I have to return shoes?', threshold: 0, noCache: true })
      .expect(200);

    expect(primary.chatRequests.length).toBeGreaterThan(0);
    expect(secondary.chatRequests.length).toBeGreaterThan(0);
    expect(response.body).toMatchObject({ decision: 'answer', model: 'gpt-4.1-mini' });
    expect(response.body.text).toContain('within 30 days');
    expect(response.body.features.llm_fallback).toBeUndefined();
    expect([...primary.problems, ...secondary.problems]).toEqual([]);
  });
});
