import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { IdleRange, RatingRequestsService } from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { CsatService } from './csat.service';

/** Conversations one claim statement takes: each is then ended in its own short transaction. */
export const CSAT_IDLE_BATCH_SIZE = 100;

/**
 * How long before the idle time a conversation's last activity may lie and still be asked: older ones (idle before
 * this feature was deployed, or through a long worker outage) are left alone, since a rating request about a chat
 * days old is noise, and the scan stays short.
 */
export const CSAT_IDLE_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * Ends bot conversations the customer left: the bot still has them, it answered at least once, nobody asked for a
 * rating yet, and nothing was said for CSAT_IDLE_MINUTES. Each is resolved and the customer asked to rate it, as
 * End chat does. A claim statement marks each conversation asked before it is acted on, skipping rows another
 * transaction holds, so two workers sweeping at once never ask twice; a request lost to a crash after its claim is
 * not retried (as for a resolved ticket).
 */
@Injectable()
export class CsatIdleSweepService {
  private readonly logger = new Logger(CsatIdleSweepService.name);

  constructor(
    private readonly csat: CsatService,
    private readonly ratingRequests: RatingRequestsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass over every workspace; how many conversations it ended. Nothing when CSAT_IDLE_MINUTES is 0. */
  async sweep(now = new Date()): Promise<number> {
    const { idleMinutes } = this.config.csat;
    if (idleMinutes === 0) return 0;
    const cutoff = new Date(now.getTime() - idleMinutes * 60_000);
    let ended = 0;
    for (const workspaceId of await this.ratingRequests.workspacesWithIdleBotConversations(idleRange(cutoff))) {
      ended += await this.sweepWorkspace(workspaceId, cutoff, now);
    }
    if (ended > 0) this.logger.log(`ended ${ended} idle bot conversations and asked for their rating`);
    return ended;
  }

  /**
   * The workspace's conversations idle since before `cutoff` (but not longer than the lookback before it), claimed
   * batch by batch until none is left.
   */
  async sweepWorkspace(workspaceId: WorkspaceId, cutoff: Date, now = new Date()): Promise<number> {
    let ended = 0;
    for (;;) {
      const claimed = await this.ratingRequests.claimIdle(workspaceId, idleRange(cutoff), CSAT_IDLE_BATCH_SIZE, now);
      for (const conversationId of claimed) {
        if (await this.endOne(workspaceId, conversationId, cutoff, now)) ended += 1;
      }
      if (claimed.length < CSAT_IDLE_BATCH_SIZE) return ended;
    }
  }

  /** One failure (a conversation deleted meanwhile, a lost connection) does not stop the sweep. */
  private async endOne(workspaceId: WorkspaceId, conversationId: string, cutoff: Date, now: Date): Promise<boolean> {
    try {
      return await this.csat.endIdleConversation(workspaceId, conversationId, cutoff, now);
    } catch (error) {
      this.logger.warn({ workspaceId, conversationId, error: String(error) }, 'idle conversation not ended');
      return false;
    }
  }
}

function idleRange(cutoff: Date): IdleRange {
  return { since: new Date(cutoff.getTime() - CSAT_IDLE_LOOKBACK_MS), before: cutoff };
}
