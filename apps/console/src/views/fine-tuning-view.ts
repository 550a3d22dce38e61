import type { FineTuningExportView, FineTuningJobView } from '@switchboard/contracts';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren, type Child } from '../dom';
import { exportCard, jobCard, jobsByExport, trainingState, type SummaryRow, type TrainingState } from '../fine-tuning';

/** Admin page: build fine-tuning exports from resolved conversations, download them, and start training jobs. */
export class FineTuningView {
  readonly element: HTMLElement;
  private readonly exportsList: HTMLElement;
  private readonly jobsList: HTMLElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;
  private readonly trainingNotice: HTMLElement;
  private readonly buildButton: HTMLButtonElement;
  private exports: FineTuningExportView[] = [];
  private jobs: FineTuningJobView[] = [];
  private training: TrainingState = { enabled: true, reason: null };
  private busy = false;
  private destroyed = false;

  constructor(private readonly api: ConsoleApi) {
    this.buildButton = h(
      'button',
      {
        className: 'button button--primary',
        attrs: { type: 'button' },
        on: { click: () => void this.buildExport() },
      },
      'Build an export',
    );
    this.status = h('p', { className: 'form-notice', attrs: { role: 'status' } });
    this.error = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.trainingNotice = h('p', { className: 'muted', attrs: { id: 'training-unavailable', hidden: true } });
    this.exportsList = h('div', { className: 'fine-tuning-exports', attrs: { 'aria-live': 'polite' } });
    this.jobsList = h('div', { className: 'fine-tuning-jobs', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'fine-tuning-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'fine-tuning-title' } }, 'Fine-tuning'),
      ),
      h(
        'p',
        { className: 'muted' },
        'A dataset from resolved conversations: agent replies and helpful or accepted bot answers, redacted and split into training and validation files. Fine-tune for style and tone; facts belong in the knowledge base.',
      ),
      h(
        'div',
        { className: 'row-buttons' },
        this.buildButton,
        h(
          'button',
          { className: 'button', attrs: { type: 'button' }, on: { click: () => void this.load() } },
          'Refresh',
        ),
      ),
      this.status,
      this.error,
      this.trainingNotice,
      h('h2', { className: 'section-title' }, 'Exports'),
      this.exportsList,
      h('h2', { className: 'section-title' }, 'Training jobs'),
      this.jobsList,
    );
    void this.load();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(): Promise<void> {
    try {
      const overview = await this.api.fineTuning();
      if (this.destroyed) return;
      this.exports = overview.exports;
      this.jobs = overview.jobs;
      this.setTraining(trainingState(overview.capabilities.training));
      this.render();
    } catch (error) {
      if (!this.destroyed) this.showError(`Couldn't load fine-tuning${detail(error)}`);
    }
  }

  private async buildExport(): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    this.showError(null);
    this.status.textContent = 'Building the export…';
    try {
      const dataset = await this.api.createFineTuningExport();
      if (this.destroyed) return;
      this.exports = [dataset, ...this.exports.filter((other) => other.id !== dataset.id)];
      this.status.textContent = `Export built: ${dataset.report.trainExamples} training and ${dataset.report.validationExamples} validation examples.`;
      this.render();
    } catch (error) {
      if (this.destroyed) return;
      this.status.textContent = '';
      this.showError(`Couldn't build the export${detail(error)}`);
    } finally {
      this.setBusy(false);
    }
  }

  private async startTraining(exportId: string): Promise<void> {
    if (this.busy || !this.training.enabled) return;
    this.setBusy(true);
    this.showError(null);
    this.status.textContent = 'Starting the training job…';
    try {
      const job = await this.api.startFineTuningJob({ exportId });
      if (this.destroyed) return;
      this.jobs = [job, ...this.jobs.filter((other) => other.id !== job.id)];
      this.status.textContent = `Training job started: ${job.status}.`;
    } catch (error) {
      if (this.destroyed) return;
      this.status.textContent = '';
      if (error instanceof ApiError && error.code === 'provider_required') {
        this.setTraining({ enabled: false, reason: error.message });
      } else {
        this.showError(`Couldn't start training${detail(error)}`);
      }
    } finally {
      this.setBusy(false);
    }
    this.render();
  }

  private downloadFile(exportId: string, file: 'train.jsonl' | 'validation.jsonl'): void {
    this.showError(null);
    this.api
      .downloadFineTuningFile(exportId, file)
      .catch((error: unknown) => this.showError(`Couldn't download ${file}${detail(error)}`));
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.buildButton.disabled = busy;
    for (const button of this.element.querySelectorAll<HTMLButtonElement>('button[data-start-training]')) {
      button.disabled = busy || !this.training.enabled;
    }
  }

  private setTraining(training: TrainingState): void {
    this.training = training;
    this.trainingNotice.hidden = training.enabled;
    this.trainingNotice.textContent = training.reason ? `Training is off: ${training.reason}` : '';
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
  }

  private render(): void {
    const byExport = jobsByExport(this.jobs);
    if (this.exports.length === 0) {
      setChildren(this.exportsList, h('p', { className: 'muted' }, 'No exports yet.'));
    } else {
      setChildren(this.exportsList, ...this.exports.map((dataset) => this.renderExport(dataset, byExport)));
    }
    if (this.jobs.length === 0) {
      setChildren(this.jobsList, h('p', { className: 'muted' }, 'No training jobs yet.'));
    } else {
      setChildren(this.jobsList, ...this.jobs.map((job) => this.renderJob(job)));
    }
  }

  private renderExport(dataset: FineTuningExportView, byExport: Map<string, FineTuningJobView[]>): HTMLElement {
    const card = exportCard(dataset);
    const jobs = byExport.get(dataset.id) ?? [];
    const start = h(
      'button',
      {
        className: 'button button--small',
        attrs: {
          type: 'button',
          'data-start-training': dataset.id,
          disabled: this.busy || !this.training.enabled,
          'aria-describedby': this.training.enabled ? null : 'training-unavailable',
          title: this.training.reason,
        },
        on: { click: () => void this.startTraining(dataset.id) },
      },
      'Start training',
    );
    return h(
      'article',
      { className: 'card fine-tuning-export', attrs: { 'data-export-id': dataset.id } },
      h('h3', { className: 'section-title' }, card.title),
      summary(card.rows),
      card.warnings.length > 0
        ? h(
            'ul',
            { className: 'fine-tuning-warnings', attrs: { 'aria-label': 'Warnings' } },
            ...card.warnings.map((warning) => h('li', { className: 'inline-error' }, warning)),
          )
        : null,
      h(
        'div',
        { className: 'row-buttons' },
        ...card.downloads.map((link) =>
          h(
            'button',
            {
              className: 'button button--small',
              attrs: { type: 'button', 'data-download': link.file },
              on: { click: () => this.downloadFile(dataset.id, link.file) },
            },
            `Download ${link.label}`,
          ),
        ),
        start,
      ),
      jobs.length > 0
        ? h('p', { className: 'muted' }, `Jobs: ${jobs.map((job) => jobCard(job).status).join(', ')}`)
        : null,
    );
  }

  private renderJob(job: FineTuningJobView): HTMLElement {
    const card = jobCard(job);
    return h(
      'article',
      { className: 'card fine-tuning-job', attrs: { 'data-job-id': job.id } },
      h('h3', { className: 'section-title' }, `Job on export ${job.exportId.slice(0, 8)} — ${card.status}`),
      summary(card.rows),
      card.events.length > 0
        ? h(
            'ol',
            { className: 'fine-tuning-events', attrs: { 'aria-label': 'Events' } },
            ...card.events.map((event) => h('li', { className: 'mono' }, event)),
          )
        : h('p', { className: 'muted' }, card.running ? 'No events yet; press Refresh to check.' : 'No events.'),
    );
  }
}

function summary(rows: SummaryRow[]): HTMLElement {
  const items: Child[] = rows.flatMap((row) => [h('dt', {}, row.label), h('dd', {}, row.value)]);
  return h('dl', { className: 'fine-tuning-summary' }, ...items);
}

function detail(error: unknown): string {
  return error instanceof ApiError ? `: ${error.message}` : '.';
}
