import type { MessageFile, MessageKind, WidgetMessage } from '@switchboard/contracts';
import { MESSAGE_KINDS } from '@switchboard/contracts';
import type { Message } from '@switchboard/database';
import { detailsOf } from '@switchboard/database';

/**
 * What the customer may see: never an internal note, and not the system lines ("Handed off to a person:
 * low_confidence") that are the agents' bookkeeping.
 */
export function isCustomerVisible(message: Pick<Message, 'private' | 'author'>): boolean {
  return !message.private && message.author !== 'system';
}

/** The kind a message is shown as: the one it was stored with, else activity for system lines, else message. */
export function kindOf(message: Pick<Message, 'direction' | 'author' | 'kind'>): MessageKind {
  const stored = MESSAGE_KINDS.find((candidate) => candidate === message.kind);
  if (stored) return stored;
  return message.direction === 'activity' || message.author === 'system' ? 'activity' : 'message';
}

/** The shape both the widget and the console show (the console adds notes, the agent id and the metadata). */
export function toWidgetMessage(
  message: Message,
  agentName: string | null,
  attachments: readonly MessageFile[] = [],
): WidgetMessage {
  const details = detailsOf(message);
  const answer = details.kind === 'answer' ? details.metadata : null;
  const kind = kindOf(message);
  return {
    id: message.id,
    author: message.author,
    content: message.content,
    createdAt: message.createdAt.toISOString(),
    clientMessageId: message.clientMessageId,
    agentName: message.author === 'agent' ? agentName : null,
    kind,
    citations: citationsOf(answer?.citations),
    confidence: typeof answer?.confidence === 'number' && Number.isFinite(answer.confidence) ? answer.confidence : null,
    collectEmail: (details.kind === 'handoff' || details.kind === 'offline') && details.metadata.collectEmail === true,
    replyTo: message.replyToMessageId,
    confirmation: answer?.confirmation ? { action: answer.confirmation.action } : null,
    ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    ratingRequest: details.kind === 'message' && details.metadata.csatRequest !== undefined,
  };
}

/** Index, title and url only: document ids are internal. */
function citationsOf(value: unknown): WidgetMessage['citations'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { index, title, url } = item as Record<string, unknown>;
    if (typeof index !== 'number' || !Number.isFinite(index) || typeof title !== 'string') return [];
    return [{ index, title, url: typeof url === 'string' ? url : null }];
  });
}
