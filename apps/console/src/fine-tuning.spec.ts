import type { FineTuningExportView, FineTuningJobView, FineTuningReport } from '@switchboard/contracts';
import { exportCard, formatUsd, jobCard, jobsByExport, reportRows, trainingState } from './fine-tuning';

const REPORT: FineTuningReport = {
  conversationsRead: 1500,
  conversationsErased: 2,
  conversationsWithoutExample: 30,
  duplicatesRemoved: 4,
  examples: 1464,
  trainExamples: 1318,
  validationExamples: 146,
  replies: { agent: 1200, botHelpful: 250, botAccepted: 40 },
  redactions: { email: 10, phone: 5, card: 1, name: 300 },
  examplesCitingDocuments: 900,
  estimatedTokens: 420000,
  estimatedEpochs: 3,
  estimatedTrainingTokens: 1260000,
  estimatedCostUsd: 3.78,
  costModel: 'gpt-4o-mini',
  warnings: ['900 of 1464 examples answer from knowledge documents: … Keep facts in the knowledge base (RAG)'],
};

const EXPORT: FineTuningExportView = {
  id: '6f1c2b7e-1111-4222-8333-444455556666',
  seed: 42,
  report: REPORT,
  files: {
    train: '/v1/console/fine-tuning/exports/6f1c2b7e-1111-4222-8333-444455556666/train.jsonl',
    validation: '/v1/console/fine-tuning/exports/6f1c2b7e-1111-4222-8333-444455556666/validation.jsonl',
  },
  createdAt: '2026-12-06T12:34:56.000Z',
};

function job(overrides: Partial<FineTuningJobView> = {}): FineTuningJobView {
  return {
    id: 'job-1',
    exportId: EXPORT.id,
    task: 'answer',
    baseModel: 'gpt-4o-mini-2024-07-18',
    status: 'running',
    fineTunedModel: null,
    error: null,
    activated: false,
    events: [],
    finishedAt: null,
    createdAt: '2026-12-06T12:40:00.000Z',
    ...overrides,
  };
}

describe('fine-tuning view model', () => {
  it("shows an export's counts, redactions, token and cost estimates", () => {
    expect(reportRows(REPORT)).toEqual([
      { label: 'Conversations read', value: '1,500' },
      { label: 'Left out', value: '2 erased, 30 without a reply to learn from, 4 duplicates' },
      { label: 'Examples', value: '1,464 (1,318 train, 146 validation)' },
      { label: 'Replies kept', value: '1,200 agent, 250 helpful bot, 40 accepted bot' },
      { label: 'Redactions', value: '316 (10 e-mail, 5 phone, 1 card, 300 name)' },
      { label: 'Examples citing documents', value: '900' },
      { label: 'Estimated tokens', value: '420,000 per epoch × 3 epochs = 1,260,000' },
      { label: 'Estimated cost', value: '$3.78 (gpt-4o-mini)' },
    ]);
  });

  it('keeps the warnings and offers both files for download', () => {
    const card = exportCard(EXPORT);
    expect(card.title).toBe('Export of 2026-12-06 12:34 UTC (seed 42)');
    expect(card.warnings).toEqual(REPORT.warnings);
    expect(card.downloads).toEqual([
      { file: 'train.jsonl', label: 'train.jsonl (1,318)' },
      { file: 'validation.jsonl', label: 'validation.jsonl (146)' },
    ]);
  });

  it('formats small and zero costs', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0012)).toBe('$0.0012');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(Number.NaN)).toBe('—');
  });

  it("shows a job's status, events and tuned model", () => {
    const running = jobCard(
      job({ events: [{ id: 'e1', createdAt: '2026-12-06T12:41:02Z', level: 'info', message: 'Step 10/100' }] }),
    );
    expect(running).toMatchObject({
      status: 'Running',
      running: true,
      events: ['2026-12-06 12:41:02 info: Step 10/100'],
    });
    expect(running.rows).toContainEqual({ label: 'Tuned model', value: 'not yet' });

    const done = jobCard(job({ status: 'succeeded', fineTunedModel: 'ft:gpt-4o-mini:acme:style:1', activated: true }));
    expect(done.running).toBe(false);
    expect(done.rows).toContainEqual({
      label: 'Tuned model',
      value: 'ft:gpt-4o-mini:acme:style:1 (answers now ask it first)',
    });

    const failed = jobCard(job({ status: 'failed', error: 'Invalid file' }));
    expect(failed.rows).toContainEqual({ label: 'Error', value: 'Invalid file' });
  });

  it('disables training with the reason when no provider is configured', () => {
    expect(trainingState({ available: true, reason: null })).toEqual({ enabled: true, reason: null });
    expect(trainingState({ available: false, reason: 'Set OPENAI_API_KEY' })).toEqual({
      enabled: false,
      reason: 'Set OPENAI_API_KEY',
    });
    expect(trainingState({ available: false, reason: null }).reason).toBe('Fine-tuning is not available here.');
  });

  it('groups jobs by export, keeping their order', () => {
    const grouped = jobsByExport([job({ id: 'b' }), job({ id: 'x', exportId: 'other' }), job({ id: 'a' })]);
    expect(grouped.get(EXPORT.id)?.map((j) => j.id)).toEqual(['b', 'a']);
    expect(grouped.get('other')?.map((j) => j.id)).toEqual(['x']);
  });
});
