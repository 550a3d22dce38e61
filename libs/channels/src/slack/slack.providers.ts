import { Provider } from '@nestjs/common';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { SlackTicketThreadsRepository } from './slack-ticket-threads.repository';
import { SlackTicketNotices } from './slack-ticket-notices';
import { SlackWebApiFactory } from './slack-web-api.factory';
import { SlackAdapter } from './slack.adapter';

/** What ChannelsModule provides for Slack: the adapter, its per-call client factory and the ticket notices. */
export const SLACK_PROVIDERS: Provider[] = [
  SlackWebApiFactory,
  SlackInboxStatusService,
  SlackAdapter,
  SlackTicketNotices,
  SlackTicketThreadsRepository,
];
