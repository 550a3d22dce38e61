import { Injectable } from '@nestjs/common';
import { ChannelAdapter, ChannelCapabilities, ChannelSendContext, ChannelSendResult } from '../channel-adapter';
import { ConversationEventsBus } from '../realtime/conversation-events.bus';
import { toRealtimeMessage } from '../realtime/realtime-message';

/** The web widget: a message is delivered by pushing it to the conversation's live stream; history covers reconnects. */
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

  constructor(private readonly bus: ConversationEventsBus) {}

  async send({ workspaceId, conversation, message }: ChannelSendContext): Promise<ChannelSendResult> {
    // Internal notes never travel on a customer's stream, whoever asks.
    if (message.private) return {};
    await this.bus.publish(workspaceId, conversation.id, {
      kind: 'message',
      workspaceId,
      conversationId: conversation.id,
      message: toRealtimeMessage(message),
    });
    return {};
  }
}
