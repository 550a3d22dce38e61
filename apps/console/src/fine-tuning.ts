import type {
  FineTuningExportView,
  FineTuningFile,
  FineTuningJobView,
  FineTuningReport,
  FineTuningStatus,
} from '@switchboard/contracts';

export interface SummaryRow {
  label: string;
  value: string;
}

export interface DownloadLink {
  file: FineTuningFile;
  label: string;
}

/** An export as the page shows it: what it counted, estimated and warned about, and its files. */
export interface ExportCard {
  id: string;
  title: string;
  rows: SummaryRow[];
  warnings: string[];
  downloads: DownloadLink[];
}

/** Whether "Start training" can be pressed, and if not, why. */
export interface TrainingState {
  enabled: boolean;
  reason: string | null;
}

export interface JobCard {
  id: string;
  exportId: string;
  status: string;
  /** Whether the job still runs at the provider. */
  running: boolean;
  rows: SummaryRow[];
  events: string[];
}

const FINISHED: ReadonlySet<FineTuningStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

/** Dollars with cents; below a cent, the first significant hundredth of a cent. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '—';
  if (value === 0) return '$0.00';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

export function fineTuningStatusLabel(status: FineTuningStatus): string {
  switch (status) {
    case 'validating_files':
      return 'Validating files';
    case 'queued':
      return 'Queued';
    case 'running':
      return 'Running';
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

export function reportRows(report: FineTuningReport): SummaryRow[] {
  const { replies, redactions } = report;
  const redacted = redactions.email + redactions.phone + redactions.card + redactions.name;
  return [
    { label: 'Conversations read', value: formatCount(report.conversationsRead) },
    {
      label: 'Left out',
      value: `${formatCount(report.conversationsErased)} erased, ${formatCount(report.conversationsWithoutExample)} without a reply to learn from, ${formatCount(report.duplicatesRemoved)} duplicates`,
    },
    {
      label: 'Examples',
      value: `${formatCount(report.examples)} (${formatCount(report.trainExamples)} train, ${formatCount(report.validationExamples)} validation)`,
    },
    {
      label: 'Replies kept',
      value: `${formatCount(replies.agent)} agent, ${formatCount(replies.botHelpful)} helpful bot, ${formatCount(replies.botAccepted)} accepted bot`,
    },
    {
      label: 'Redactions',
      value: `${formatCount(redacted)} (${formatCount(redactions.email)} e-mail, ${formatCount(redactions.phone)} phone, ${formatCount(redactions.card)} card, ${formatCount(redactions.name)} name)`,
    },
    { label: 'Examples citing documents', value: formatCount(report.examplesCitingDocuments) },
    {
      label: 'Estimated tokens',
      value: `${formatCount(report.estimatedTokens)} per epoch × ${formatCount(report.estimatedEpochs)} epochs = ${formatCount(report.estimatedTrainingTokens)}`,
    },
    { label: 'Estimated cost', value: `${formatUsd(report.estimatedCostUsd)} (${report.costModel})` },
  ];
}

export function exportCard(dataset: FineTuningExportView): ExportCard {
  return {
    id: dataset.id,
    title: `Export of ${dataset.createdAt.slice(0, 16).replace('T', ' ')} UTC (seed ${dataset.seed})`,
    rows: reportRows(dataset.report),
    warnings: [...dataset.report.warnings],
    downloads: [
      { file: 'train.jsonl', label: `train.jsonl (${formatCount(dataset.report.trainExamples)})` },
      { file: 'validation.jsonl', label: `validation.jsonl (${formatCount(dataset.report.validationExamples)})` },
    ],
  };
}

export function jobCard(job: FineTuningJobView): JobCard {
  const rows: SummaryRow[] = [
    { label: 'Status', value: fineTuningStatusLabel(job.status) },
    { label: 'Base model', value: job.baseModel },
    {
      label: 'Tuned model',
      value: job.fineTunedModel
        ? `${job.fineTunedModel}${job.activated ? ' (answers now ask it first)' : ''}`
        : 'not yet',
    },
  ];
  if (job.error) rows.push({ label: 'Error', value: job.error });
  return {
    id: job.id,
    exportId: job.exportId,
    status: fineTuningStatusLabel(job.status),
    running: !FINISHED.has(job.status),
    rows,
    events: job.events.map(
      (event) => `${event.createdAt.slice(0, 19).replace('T', ' ')} ${event.level}: ${event.message}`,
    ),
  };
}

/** Training is possible unless the server said there is no provider (up front, or with a 409). */
export function trainingState(capabilities: { available: boolean; reason: string | null }): TrainingState {
  return capabilities.available
    ? { enabled: true, reason: null }
    : { enabled: false, reason: capabilities.reason ?? 'Fine-tuning is not available here.' };
}

/** The jobs started on each export, newest first (the list's order). */
export function jobsByExport(jobs: readonly FineTuningJobView[]): Map<string, FineTuningJobView[]> {
  const byExport = new Map<string, FineTuningJobView[]>();
  for (const job of jobs) byExport.set(job.exportId, [...(byExport.get(job.exportId) ?? []), job]);
  return byExport;
}
