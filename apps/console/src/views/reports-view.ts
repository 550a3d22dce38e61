import type { CsatReport, SupportReport } from '@switchboard/contracts';
import { distributionText, summaryText } from '../csat';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren } from '../dom';
import { formatDurationSeconds, formatPercent, reasonLabel } from '../format';
import { handoffBars, REPORT_PERIODS, type ReportPeriod } from '../report-data';

/** Admin reports: how much the bot resolves, why it hands off, how fast people answer. */
export class ReportsView {
  readonly element: HTMLElement;
  private readonly period: HTMLSelectElement;
  private readonly body: HTMLElement;
  private days: ReportPeriod = 30;
  private loadSeq = 0;

  constructor(private readonly api: ConsoleApi) {
    this.period = h(
      'select',
      { attrs: { id: 'report-period' }, on: { change: () => this.changePeriod() } },
      ...REPORT_PERIODS.map((days) =>
        h('option', { attrs: { value: String(days), selected: days === this.days } }, `Last ${days} days`),
      ),
    );
    this.body = h('div', { className: 'report-body', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'reports-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'reports-title' } }, 'Reports'),
        h('div', { className: 'filter' }, h('label', { attrs: { for: 'report-period' } }, 'Period'), this.period),
      ),
      this.body,
    );
    void this.load();
  }

  destroy(): void {
    this.loadSeq += 1;
    this.element.remove();
  }

  private changePeriod(): void {
    const days = REPORT_PERIODS.find((value) => String(value) === this.period.value);
    if (days === undefined) return;
    this.days = days;
    void this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.body.setAttribute('aria-busy', 'true');
    if (!this.body.hasChildNodes()) setChildren(this.body, h('p', { className: 'muted' }, 'Loading…'));
    try {
      const [report, csat] = await Promise.all([this.api.report(this.days), this.api.csatReport(this.days)]);
      if (seq === this.loadSeq) this.render(report, csat);
    } catch (error) {
      if (seq !== this.loadSeq) return;
      setChildren(
        this.body,
        h(
          'p',
          { className: 'inline-error', attrs: { role: 'alert' } },
          `Couldn't load the report${error instanceof ApiError ? `: ${error.message}` : '.'}`,
        ),
      );
    } finally {
      if (seq === this.loadSeq) this.body.removeAttribute('aria-busy');
    }
  }

  private render(report: SupportReport, csat: CsatReport): void {
    const bars = handoffBars(report.handoffsByReason);
    const feedback = report.feedback ?? { up: 0, down: 0 };
    setChildren(
      this.body,
      h(
        'dl',
        { className: 'stat-grid' },
        stat('Conversations', String(report.conversations)),
        stat('Answered by the bot', String(report.answeredByBot)),
        stat('Auto-resolution rate', formatPercent(report.autoResolutionRate)),
        stat('Handoff rate', formatPercent(report.handoffRate)),
        stat('Median first response', formatDurationSeconds(report.medianFirstResponseSeconds)),
        stat('Feedback up', String(feedback.up)),
        stat('Feedback down', String(feedback.down)),
      ),
      h('h2', { className: 'section-title' }, 'Handoffs by reason'),
      bars.length === 0
        ? h('p', { className: 'muted' }, 'No handoffs in this period.')
        : h(
            'ul',
            { className: 'bar-list' },
            ...bars.map((bar) => {
              const fill = h('span', { className: 'bar-fill' });
              fill.style.width = `${Math.max(2, Math.round(bar.share * 100))}%`;
              return h(
                'li',
                { className: 'bar-row' },
                h('span', { className: 'bar-label' }, reasonLabel(bar.reason)),
                ' ',
                h('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, fill),
                ' ',
                h('span', { className: 'bar-value' }, String(bar.count)),
              );
            }),
          ),
      ...csatSection(csat),
    );
  }
}

/** Customer ratings (1-5): overall, the bot's alone, and per agent who resolved the conversation. */
function csatSection(csat: CsatReport): HTMLElement[] {
  const cell = (tag: 'th' | 'td', text: string) => h(tag, {}, text);
  const agents =
    csat.agents.length === 0
      ? h('p', { className: 'muted' }, 'No agent was rated in this period.')
      : h(
          'table',
          { className: 'table csat-agents', attrs: { 'aria-label': 'CSAT by agent' } },
          h('thead', {}, h('tr', {}, ...['Agent', 'Average', 'Scores'].map((title) => cell('th', title)))),
          h(
            'tbody',
            {},
            ...csat.agents.map((agent) =>
              h(
                'tr',
                { attrs: { 'data-agent-id': agent.agentId } },
                cell('td', agent.name ?? 'Deleted agent'),
                cell('td', summaryText(agent)),
                cell('td', distributionText(agent)),
              ),
            ),
          ),
        );
  return [
    h('h2', { className: 'section-title' }, 'Customer satisfaction'),
    h(
      'dl',
      { className: 'stat-grid csat-stats' },
      stat('CSAT overall', summaryText(csat.overall)),
      stat('CSAT for the bot', summaryText(csat.bot)),
      stat('Scores overall', distributionText(csat.overall)),
    ),
    agents,
  ];
}

function stat(label: string, value: string): HTMLElement {
  return h(
    'div',
    { className: 'stat' },
    h('dt', { className: 'stat-label' }, label),
    h('dd', { className: 'stat-value' }, value),
  );
}
