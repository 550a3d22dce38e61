import { Injectable } from '@nestjs/common';
import { AnswerTrace, WorkspaceId } from '@switchboard/database';
import {
  AnswerTracesRepository,
  DailyAnswerCounts,
  NewTrace,
  ThresholdReplayGroup,
  TraceRange,
} from './answer-traces.repository';

export type { NewTrace } from './answer-traces.repository';

/** Writes one AnswerTrace per answer: what was asked, retrieved, prompted, answered, decided, and what it cost. */
@Injectable()
export class AnswerTracesService {
  constructor(private readonly traces: AnswerTracesRepository) {}

  record(trace: NewTrace): Promise<string> {
    return this.traces.insert(trace);
  }

  get(workspaceId: WorkspaceId, id: string): Promise<AnswerTrace | null> {
    return this.traces.findById(workspaceId, id);
  }

  recordFeedback(workspaceId: WorkspaceId, id: string, helpful: boolean): Promise<boolean> {
    return this.traces.update(workspaceId, id, { feedback: helpful ? 1 : -1 });
  }

  dailyCounts(workspaceId: WorkspaceId, from: Date, to: Date): Promise<DailyAnswerCounts[]> {
    return this.traces.dailyCounts(workspaceId, from, to);
  }

  /** For the threshold simulator: `resolvedIds` are the traces whose escalation an agent resolved. */
  replayThreshold(
    workspaceId: WorkspaceId,
    threshold: number,
    range: TraceRange,
    resolvedIds: readonly string[],
  ): Promise<ThresholdReplayGroup[]> {
    return this.traces.replayThreshold(workspaceId, threshold, range, resolvedIds);
  }
}
