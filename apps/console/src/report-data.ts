import type { HandoffReason } from '@switchboard/contracts';

export interface ReasonCount {
  reason: string;
  count: number;
  /** Share of the largest count, 0..1, for the bar width. */
  share: number;
}

/** Handoffs by reason as bars, largest first. */
export function handoffBars(byReason: Partial<Record<HandoffReason, number>> | null | undefined): ReasonCount[] {
  const entries: Array<[string, number]> = Object.entries(byReason ?? {});
  const counts = entries
    .filter(([, count]) => typeof count === 'number' && Number.isFinite(count) && count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = counts.length > 0 ? counts[0][1] : 0;
  return counts.map(([reason, count]) => ({ reason, count, share: max > 0 ? count / max : 0 }));
}

export const REPORT_PERIODS = [7, 30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
