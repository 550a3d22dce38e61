import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ConversationsModule } from '@switchboard/conversations';
import { KnowledgeModule } from '@switchboard/knowledge';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';
import { ChannelRegistry } from './channel.registry';
import { MessageDeliveryListener } from './message-delivery.listener';
import { MessageDeliveryService } from './message-delivery.service';
import { ConversationEventsBus } from './realtime/conversation-events.bus';
import { RealtimeBridgeListener } from './realtime/realtime-bridge.listener';
import { EmailAdapter } from './email/email.adapter';
import { EmailBotLimitPersonalDataService } from './email/email-bot-limit-personal-data.service';
import { EmailAttachmentPersonalDataService } from './email/email-attachment-personal-data.service';
import { SLACK_PROVIDERS } from './slack/slack.providers';
import { SlackAdapter } from './slack/slack.adapter';
import { SlackInboxStatusService } from './slack/slack-inbox-status.service';
import { SlackWebApiFactory } from './slack/slack-web-api.factory';
import { SlackTicketNotices } from './slack/slack-ticket-notices';
import { SlackTicketThreadsRepository } from './slack/slack-ticket-threads.repository';
import { WidgetAdapter } from './widget/widget.adapter';

/**
 * Channel adapters, their registry, outbound delivery and the realtime bus. Needs ConfigModule, DatabaseModule and
 * EventEmitterModule. The receive sides (EmailInboundService; SlackReceiverService with SlackAgentActionsService)
 * are provided by the app that receives, the api: they need auth and knowledge, and a SlackHandoff bound to handoff,
 * which sits above channels.
 */
@Module({
  imports: [ConversationsModule, AuthModule, KnowledgeModule],
  providers: [
    ConversationEventsBus,
    WidgetAdapter,
    // Slack and e-mail adapters join this list in their issues.
    EmailAdapter,
    EmailBotLimitPersonalDataService,
    EmailAttachmentPersonalDataService,
    ...SLACK_PROVIDERS,
    {
      provide: CHANNEL_ADAPTERS,
      inject: [WidgetAdapter, EmailAdapter, SlackAdapter],
      useFactory: (widget: WidgetAdapter, email: EmailAdapter, slack: SlackAdapter): ChannelAdapter[] => [
        widget,
        email,
        slack,
      ],
    },
    ChannelRegistry,
    RealtimeBridgeListener,
    MessageDeliveryService,
    MessageDeliveryListener,
  ],
  exports: [
    ConversationEventsBus,
    ChannelRegistry,
    MessageDeliveryService,
    SlackTicketNotices,
    SlackTicketThreadsRepository,
    SlackWebApiFactory,
    SlackInboxStatusService,
    EmailBotLimitPersonalDataService,
    EmailAttachmentPersonalDataService,
  ],
})
export class ChannelsModule {}
