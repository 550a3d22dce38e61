import { OpenAiDouble } from '@switchboard/llm/testing';
import { FineTuningProviderError } from '../fine-tuning.errors';
import { OpenAiFineTuningAdapter } from './openai-fine-tuning.adapter';

const example = (i: number): string =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: `Question ${i}` },
      { role: 'assistant', content: `Answer ${i}` },
    ],
  });
const dataset = (count: number): string => Array.from({ length: count }, (_, i) => `${example(i)}\n`).join('');

describe('OpenAiFineTuningAdapter against the OpenAI double', () => {
  let double: OpenAiDouble;
  let adapter: OpenAiFineTuningAdapter;

  beforeEach(async () => {
    double = await OpenAiDouble.start({ apiKey: 'sk-ft' });
    adapter = new OpenAiFineTuningAdapter({
      apiKey: 'sk-ft',
      baseUrl: double.baseUrl,
      defaultBaseModel: 'gpt-4o-mini-2024-07-18',
      timeoutMs: 5_000,
    });
  });

  afterEach(async () => {
    expect(double.problems).toEqual([]);
    await double.close();
  });

  it('uploads the files as multipart, starts a job and follows it to success with its events', async () => {
    const training = await adapter.uploadDataset('train.jsonl', dataset(12));
    const validation = await adapter.uploadDataset('validation.jsonl', dataset(3));
    expect(double.fineTuning.files.get(training)).toMatchObject({ purpose: 'fine-tune', content: dataset(12) });

    const started = await adapter.startJob({
      model: 'gpt-4o-mini-2024-07-18',
      trainingFileId: training,
      validationFileId: validation,
      suffix: 'style',
      seed: 7,
    });
    expect(started).toMatchObject({ status: 'validating_files', fineTunedModel: null });
    expect(double.fineTuning.jobs.get(started.id)).toMatchObject({ seed: 7, validationFile: validation });

    const statuses = [(await adapter.job(started.id)).status, (await adapter.job(started.id)).status];
    const done = await adapter.job(started.id);
    expect(statuses).toEqual(['running', 'running']);
    expect(done).toMatchObject({ status: 'succeeded', fineTunedModel: expect.stringMatching(/^ft:gpt-4o-mini/) });
    const events = await adapter.events(started.id);
    expect(events[0].message).toContain('Validating training file');
    expect(events[events.length - 1].message).toBe('The job has successfully completed');
  });

  it('reports a scripted failure with its error, and a training file with too few examples', async () => {
    double.fineTuning.enqueueJobs({
      outcome: 'failed',
      runningReads: 0,
      error: { code: 'quota', message: 'No quota' },
    });
    const failing = await adapter.startJob({
      model: 'gpt-4o-mini',
      trainingFileId: await adapter.uploadDataset('a.jsonl', dataset(10)),
      seed: 1,
    });
    await adapter.job(failing.id);
    expect(await adapter.job(failing.id)).toMatchObject({ status: 'failed', error: 'quota: No quota' });

    const small = await adapter.startJob({
      model: 'gpt-4o-mini',
      trainingFileId: await adapter.uploadDataset('b.jsonl', dataset(3)),
      seed: 1,
    });
    expect(await adapter.job(small.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('must have at least 10 examples'),
    });
  });

  it('is refused as OpenAI refuses: a non-JSONL upload, an unknown training file, an unknown job', async () => {
    await expect(adapter.uploadDataset('train.csv', 'a,b')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Must be .jsonl'),
    });
    await expect(
      adapter.startJob({ model: 'gpt-4o-mini', trainingFileId: 'file-nope', seed: 1 }),
    ).rejects.toBeInstanceOf(FineTuningProviderError);
    await expect(adapter.job('ftjob-nope')).rejects.toMatchObject({ status: 404 });
  });

  it('retries a 500 once, so one provider hiccup does not fail the start', async () => {
    double.fineTuning.failNext('POST /fine_tuning/jobs', { status: 500 });
    const training = await adapter.uploadDataset('train.jsonl', dataset(10));
    await expect(adapter.startJob({ model: 'gpt-4o-mini', trainingFileId: training, seed: 1 })).resolves.toMatchObject({
      status: 'validating_files',
    });
    expect(double.requests.filter((r) => r.path === '/v1/fine_tuning/jobs')).toHaveLength(2);
    expect(double.fineTuning.jobs.size).toBe(1);
  });

  it('refuses a job request with an argument OpenAI does not know, naming it', async () => {
    const training = await adapter.uploadDataset('train.jsonl', dataset(10));
    const response = await fetch(`${double.baseUrl}/fine_tuning/jobs`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ft', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', training_file: training, epochs: 3 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'Unrecognized request argument supplied: epochs',
    );
    expect(double.problems).toEqual(['POST /v1/fine_tuning/jobs: Unrecognized request argument supplied: epochs']);
    double.requests.pop();
  });
});
