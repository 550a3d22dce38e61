import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ContactPersonalDataService, WorkspacesService } from '@switchboard/conversations';
import type { ErasureCounts, WorkspaceId } from '@switchboard/database';
import { ExpiredConversations, PERSONAL_DATA_HOLDERS, PersonalDataHolder } from './personal-data-holder';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one workspace's retention pass deleted. */
export interface RetentionOutcome {
  workspaceId: WorkspaceId;
  cutoff: Date;
  conversations: number;
  counts: ErasureCounts;
}

/**
 * Deletes each workspace's conversations idle for longer than its `retentionDays`, with what other libs hold about
 * them (traces, LLM calls, tickets, webhook deliveries, outbox rows). Small batches, each its own short statement
 * that skips rows in use, so the hot tables are never locked for long.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly conversations: ContactPersonalDataService,
    @Inject(PERSONAL_DATA_HOLDERS) private readonly holders: readonly PersonalDataHolder[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass over every workspace with a retention period. */
  async applyAll(now = new Date()): Promise<RetentionOutcome[]> {
    const outcomes: RetentionOutcome[] = [];
    for (const { workspaceId, retentionDays } of await this.workspaces.retentionPeriods()) {
      const outcome = await this.apply(workspaceId, new Date(now.getTime() - retentionDays * DAY_MS));
      if (outcome.conversations > 0) {
        this.logger.log(`retention deleted ${outcome.conversations} conversations of workspace ${workspaceId}`);
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Deletes the workspace's conversations idle since before `cutoff`, batch by batch, until none is left. */
  async apply(workspaceId: WorkspaceId, cutoff: Date): Promise<RetentionOutcome> {
    const outcome: RetentionOutcome = { workspaceId, cutoff, conversations: 0, counts: {} };
    const batchSize = this.config.privacy.retentionBatchSize;
    for (;;) {
      const batch = await this.conversations.deleteIdleConversations(workspaceId, cutoff, batchSize);
      const deleted = batch.conversationIds.length;
      if (deleted === 0) return outcome;
      outcome.conversations += deleted;
      await this.eraseHeldRows({ workspaceId, ...batch }, outcome.counts);
      if (deleted < batchSize) return outcome;
    }
  }

  private async eraseHeldRows(expired: ExpiredConversations, total: ErasureCounts): Promise<void> {
    for (const holder of this.holders) {
      if (!holder.eraseExpired) continue;
      const counts = await holder.eraseExpired(expired);
      for (const [key, count] of Object.entries(counts)) total[key] = (total[key] ?? 0) + count;
    }
  }
}
