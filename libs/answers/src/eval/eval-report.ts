import { EvalSummary } from './metrics';

function show(value: number | null, digits = 3): string {
  return value === null ? '—' : value.toFixed(digits);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** The summary as a plain-text table for a terminal (the JSON stays the machine-readable output). */
export function formatEvalSummary(summary: EvalSummary, title = 'eval'): string {
  const lines = [
    `${title}: ${summary.questions} questions (${summary.answerable} answerable, ${summary.unanswerable} unanswerable), threshold ${summary.threshold}`,
    '',
    `  retrieval   hit@1 ${show(summary.retrieval.hit_at_1)}   hit@5 ${show(summary.retrieval.hit_at_5)}   MRR ${show(summary.retrieval.mrr)}`,
    `  decision    answered ${percent(summary.decision.answered_rate)}   resolution ${percent(summary.decision.resolution_rate)}   ` +
      `false answers ${percent(summary.decision.false_answer_rate)}   unanswerable escalated ${percent(summary.decision.unanswerable_escalation_recall)}`,
    `  confidence  AUROC ${show(summary.confidence.auroc)}`,
    `  answer      token F1 ${show(summary.answer.token_f1)}`,
    `  latency     p50 ${show(summary.latency_ms.p50, 1)} ms   p95 ${show(summary.latency_ms.p95, 1)} ms`,
    '',
    '  reliability   bin          n   predicted  observed',
    ...summary.confidence.reliability.map(
      (bin) =>
        `                ${bin.from.toFixed(1)}-${bin.to.toFixed(1)}  ${String(bin.n).padStart(5)}   ${show(bin.predicted).padStart(9)}  ${show(bin.observed).padStart(8)}`,
    ),
    '',
    '  threshold  answered  resolution  false answers  unanswerable escalated',
    ...summary.threshold_sweep.map(
      (row) =>
        `  ${row.threshold.toFixed(2).padStart(9)}  ${percent(row.answered_rate).padStart(8)}  ${percent(row.resolution_rate).padStart(10)}  ` +
        `${percent(row.false_answer_rate).padStart(13)}  ${percent(row.unanswerable_escalation_recall).padStart(22)}`,
    ),
  ];
  return lines.join('\n');
}
