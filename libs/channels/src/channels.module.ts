import { Module } from '@nestjs/common';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';
import { ChannelRegistry } from './channel.registry';
import { MessageDeliveryListener } from './message-delivery.listener';
import { ConversationEventsBus } from './realtime/conversation-events.bus';
import { RealtimeBridgeListener } from './realtime/realtime-bridge.listener';
import { WidgetAdapter } from './widget/widget.adapter';

/** Channel adapters, their registry, outbound delivery and the realtime bus. Needs ConfigModule, DatabaseModule and EventEmitterModule. */
@Module({
  providers: [
    ConversationEventsBus,
    WidgetAdapter,
    // Slack and e-mail adapters join this list in their issues.
    {
      provide: CHANNEL_ADAPTERS,
      inject: [WidgetAdapter],
      useFactory: (widget: WidgetAdapter): ChannelAdapter[] => [widget],
    },
    ChannelRegistry,
    RealtimeBridgeListener,
    MessageDeliveryListener,
  ],
  exports: [ConversationEventsBus, ChannelRegistry],
})
export class ChannelsModule {}
