import { Provider } from '@nestjs/common';
import { SlackInboxStatusService } from './slack-inbox-status.service';
import { SlackTicketThreadsRepository } from './slack-ticket-threads.repository';
import { SlackTicketListener } from './slack-ticket.listener';
import { SlackWebApiFactory } from './slack-web-api.factory';
import { SlackAdapter } from './slack.adapter';

/** What ChannelsModule provides for Slack: the adapter, its per-call client factory and the ticket notices. */
export const SLACK_PROVIDERS: Provider[] = [
  SlackWebApiFactory,
  SlackInboxStatusService,
  SlackAdapter,
  SlackTicketListener,
  SlackTicketThreadsRepository,
];
