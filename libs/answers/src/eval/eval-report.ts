import { CORRECTNESS_LABELS, EvalSummary } from './metrics';

function show(value: number | null, digits = 3): string {
  return value === null ? '—' : value.toFixed(digits);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/**
 * The summary as a plain-text table for a terminal (the JSON stays the machine-readable output). Answered and
 * unanswerable-escalated rates do not depend on the correctness label, so they are shown once.
 */
export function formatEvalSummary(summary: EvalSummary, title = 'eval'): string {
  const labels = CORRECTNESS_LABELS;
  const first = summary.labels[labels[0]];
  const sweepRows = first.threshold_sweep.map((row, i) => ({
    row,
    perLabel: labels.map((label) => summary.labels[label].threshold_sweep[i]),
  }));
  const lines = [
    `${title}: ${summary.questions} questions (${summary.answerable} answerable, ${summary.unanswerable} unanswerable, ` +
      `${summary.multi_turn.questions_with_history} with history), threshold ${summary.threshold}`,
    '',
    `  retrieval   hit@1 ${show(summary.retrieval.hit_at_1)}   hit@5 ${show(summary.retrieval.hit_at_5)}   MRR ${show(summary.retrieval.mrr)}`,
    `  answer      token F1 ${show(summary.answer.token_f1)}`,
    `  latency     p50 ${show(summary.latency_ms.p50, 1)} ms   p95 ${show(summary.latency_ms.p95, 1)} ms`,
    `  decision    answered ${percent(first.decision.answered_rate)}   unanswerable escalated ${percent(first.decision.unanswerable_escalation_recall)}`,
    '',
    '  label     correct  AUROC  resolution  false answers',
    ...labels.map((label) => {
      const figures = summary.labels[label];
      return (
        `  ${label.padEnd(6)}  ${String(figures.correct).padStart(9)}  ${show(figures.auroc).padStart(5)}  ` +
        `${percent(figures.decision.resolution_rate).padStart(10)}  ${percent(figures.decision.false_answer_rate).padStart(13)}`
      );
    }),
    '',
    `  reliability   bin          n  predicted  ${labels.map((label) => `observed ${label}`.padStart(15)).join('  ')}`,
    ...first.reliability.map(
      (bin, i) =>
        `                ${bin.from.toFixed(1)}-${bin.to.toFixed(1)}  ${String(bin.n).padStart(5)}  ${show(bin.predicted).padStart(9)}  ` +
        labels.map((label) => show(summary.labels[label].reliability[i].observed).padStart(15)).join('  '),
    ),
    '',
    `  threshold  answered  unanswerable escalated  ${labels.map((label) => `resolution ${label}  false ${label}`).join('  ')}`,
    ...sweepRows.map(
      ({ row, perLabel }) =>
        `  ${row.threshold.toFixed(2).padStart(9)}  ${percent(row.answered_rate).padStart(8)}  ${percent(row.unanswerable_escalation_recall).padStart(22)}  ` +
        perLabel
          .map(
            (figures, j) =>
              `${percent(figures.resolution_rate).padStart(`resolution ${labels[j]}`.length)}  ${percent(figures.false_answer_rate).padStart(`false ${labels[j]}`.length)}`,
          )
          .join('  '),
    ),
  ];
  return lines.join('\n');
}
