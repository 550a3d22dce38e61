import { Injectable } from '@nestjs/common';
import { AnswerTracesService, ThresholdReplayGroup, TraceRange } from '@switchboard/answers';
import { WorkspaceId } from '@switchboard/database';
import { TicketsRepository } from '../tickets.repository';

export interface OutcomeCounts {
  count: number;
  /** Customer feedback on the answer. */
  helpful: number;
  notHelpful: number;
  /** Escalations an agent resolved (known once tickets exist). */
  resolvedByAgent: number;
  /** No outcome recorded. */
  unknown: number;
}

export interface ThresholdSimulation {
  threshold: number;
  traces: number;
  from: string | null;
  to: string | null;
  wouldAnswer: OutcomeCounts;
  wouldEscalate: OutcomeCounts;
  /** How many decisions differ from the ones actually taken. */
  changed: number;
}

const noOutcomes = (): OutcomeCounts => ({ count: 0, helpful: 0, notHelpful: 0, resolvedByAgent: 0, unknown: 0 });

/**
 * Replays a workspace's stored answer traces against a candidate threshold. It lives with the tickets because
 * it needs their outcomes, and answers must not read handoff's tables.
 */
@Injectable()
export class ThresholdSimulatorService {
  constructor(
    private readonly traces: AnswerTracesService,
    private readonly tickets: TicketsRepository,
  ) {}

  async simulate(workspaceId: WorkspaceId, threshold: number, range: TraceRange = {}): Promise<ThresholdSimulation> {
    const resolved = await this.tickets.resolvedAnswerTraceIds(workspaceId);
    const groups = await this.traces.replayThreshold(workspaceId, threshold, range, resolved);
    const result: ThresholdSimulation = {
      threshold,
      traces: 0,
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      wouldAnswer: noOutcomes(),
      wouldEscalate: noOutcomes(),
      changed: 0,
    };
    for (const group of groups) addGroup(result, group);
    return result;
  }
}

function addGroup(result: ThresholdSimulation, group: ThresholdReplayGroup): void {
  const side = group.wouldAnswer ? result.wouldAnswer : result.wouldEscalate;
  side.count += group.count;
  side.helpful += group.helpful;
  side.notHelpful += group.notHelpful;
  side.resolvedByAgent += group.resolved;
  side.unknown += group.unknown;
  result.traces += group.count;
  if (group.changed) result.changed += group.count;
}
