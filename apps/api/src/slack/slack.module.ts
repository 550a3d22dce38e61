import { Module } from '@nestjs/common';
import { ChannelsModule, SlackInboxStatusService, SlackWebApiFactory } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { HandoffModule } from '@switchboard/handoff';
import { SlackReceiverService } from './slack-receiver.service';
import { SlackController } from './slack.controller';

/** Slack's requests to the api: events, the /ask command and button presses, verified by the inbox's signing secret. */
@Module({
  imports: [ConversationsModule, ChannelsModule, HandoffModule],
  controllers: [SlackController],
  providers: [SlackReceiverService, SlackWebApiFactory, SlackInboxStatusService],
})
export class SlackModule {}
