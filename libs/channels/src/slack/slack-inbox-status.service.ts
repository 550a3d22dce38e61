import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async markBroken(workspaceId: WorkspaceId, inboxId: string, reason: string): Promise<void> {
    const status: SlackInboxStatus = { state: 'broken', reason, at: new Date().toISOString() };
    await this.dataSource.query(
      `UPDATE inboxes SET settings = settings || jsonb_build_object('status', $3::jsonb)
        WHERE id = $1 AND "workspaceId" = $2`,
      [inboxId, workspaceId, JSON.stringify(status)],
    );
    this.logger.warn(`slack inbox ${inboxId} marked broken: ${reason}`);
  }
}
