import type { CsatReport, CsatSummary } from '@switchboard/contracts';

/** Score counts of one group of ratings. */
export interface ScoreCount {
  score: number;
  count: number;
}

/** Count, average (two decimals) and distribution of a group's score counts. */
export function summarize(counts: readonly ScoreCount[]): CsatSummary {
  const distribution: CsatSummary['distribution'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let count = 0;
  let total = 0;
  for (const row of counts) {
    const key = String(row.score) as keyof CsatSummary['distribution'];
    if (!(key in distribution)) continue;
    distribution[key] += row.count;
    count += row.count;
    total += row.score * row.count;
  }
  return { count, average: count > 0 ? Math.round((total / count) * 100) / 100 : null, distribution };
}

/** The report from counts by resolving agent (null: the bot), agents most rated first. */
export function csatReportOf(
  days: number,
  counts: ReadonlyArray<ScoreCount & { agentId: string | null }>,
  agentNames: ReadonlyMap<string, string>,
): CsatReport {
  const byAgent = new Map<string, ScoreCount[]>();
  for (const row of counts) {
    if (row.agentId === null) continue;
    byAgent.set(row.agentId, [...(byAgent.get(row.agentId) ?? []), row]);
  }
  const agents = [...byAgent.entries()]
    .map(([agentId, rows]) => ({ agentId, name: agentNames.get(agentId) ?? null, ...summarize(rows) }))
    .sort((a, b) => b.count - a.count || a.agentId.localeCompare(b.agentId));
  return {
    days,
    overall: summarize(counts),
    bot: summarize(counts.filter((row) => row.agentId === null)),
    agents,
  };
}
