import { Message } from '@switchboard/database';
import { RealtimeMessage, toJsonObject } from './realtime-event';

export function toRealtimeMessage(message: Message): RealtimeMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    author: message.author,
    agentId: message.agentId,
    content: message.content,
    private: message.private,
    createdAt: message.createdAt.toISOString(),
    metadata: toJsonObject(message.metadata),
  };
}
