import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ChannelsModule, SlackAgentActionsService, SlackHandoff, SlackReceiverService } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { CsatModule } from '@switchboard/csat';
import { HandoffModule } from '@switchboard/handoff';
import { HandoffForSlack } from './handoff-for-slack';
import { SlackRequestVerifier } from './slack-request.verifier';
import { SlackController } from './slack.controller';

/**
 * Slack's requests to the api: events, the /ask command and button presses, verified here by the inbox's signing
 * secret and received by libs/channels/src/slack, with handoff bound to what the receiver asks of it.
 */
@Module({
  imports: [ConversationsModule, ChannelsModule, HandoffModule, AuthModule, CsatModule],
  controllers: [SlackController],
  providers: [
    SlackRequestVerifier,
    SlackReceiverService,
    SlackAgentActionsService,
    { provide: SlackHandoff, useClass: HandoffForSlack },
  ],
})
export class SlackModule {}
