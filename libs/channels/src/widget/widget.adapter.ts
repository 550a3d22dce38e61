import { Injectable } from '@nestjs/common';
import { ChannelAdapter, ChannelCapabilities, ChannelSendResult } from '../channel-adapter';

/**
 * The web widget. Its live stream is fed by message.created on the conversation's realtime channel (the
 * RealtimeBridgeListener), and history covers reconnects, so delivery has nothing left to push: sending only
 * confirms, and the message is marked sent.
 */
@Injectable()
export class WidgetAdapter implements ChannelAdapter {
  readonly channel = 'widget' as const;
  readonly capabilities: ChannelCapabilities = {
    streaming: true,
    threads: false,
    richButtons: true,
    typingIndicator: true,
    realtime: true,
    internalKnowledge: false,
  };

  async send(): Promise<ChannelSendResult> {
    return {};
  }
}
