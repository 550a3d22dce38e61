import { Injectable, Logger } from '@nestjs/common';
import { InboxesService } from '@switchboard/conversations';
import { WorkspaceId } from '@switchboard/database';

/** What admins see in inbox.settings.status when Slack refused the inbox's token. */
export interface SlackInboxStatus {
  state: 'broken';
  reason: string;
  at: string;
}

/** Marks a Slack inbox broken (revoked token, app uninstalled) so GET /v1/inboxes/:id shows why. */
@Injectable()
export class SlackInboxStatusService {
  private readonly logger = new Logger(SlackInboxStatusService.name);

  constructor(private readonly inboxes: InboxesService) {}

  async markBroken(workspaceId: WorkspaceId, inboxId: string, reason: string): Promise<void> {
    const status: SlackInboxStatus = { state: 'broken', reason, at: new Date().toISOString() };
    // InboxesService.update merges the settings: the status joins them, the rest stay.
    await this.inboxes.update(workspaceId, inboxId, { settings: { status } });
    this.logger.warn(`slack inbox ${inboxId} marked broken: ${reason}`);
  }
}
