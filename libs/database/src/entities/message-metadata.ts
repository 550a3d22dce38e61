import type { ConversationOwner } from './conversation.entity';
import type { TracedActionCall } from './answer-trace.entity';
import type { HandoffReason, TicketResolution } from './ticket.entity';

/** What a message is, for the widget, the console and the reports; stored in `messages.kind`. */
export const MESSAGE_KINDS = ['message', 'answer', 'handoff', 'offline', 'activity'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A customer's rating of a bot answer; stored in `messages.feedback`. */
export type MessageFeedback = 'up' | 'down';

/** A bot answer's source, as stored: the document id stays internal. */
export interface StoredCitation {
  index: number;
  title: string;
  url: string | null;
  documentId: string;
}

/** What a channel's delivery left on an outgoing message. */
interface DeliveryDetails {
  /** The channel's id of the sent message (an e-mail Message-ID, a Slack ts). */
  externalId?: string;
  /** A long answer's draft on the channel: the final message edits it. */
  draftId?: string;
  /** A bounce received for an e-mail reply. */
  undeliverable?: { at: string; bounce: string };
}

/** A customer's message, a bot's plain reply or an agent's reply. */
export interface PlainMessageMetadata extends DeliveryDetails {
  /** Who owned the conversation when a customer message arrived. */
  ownerAtReceipt?: ConversationOwner;
  /** The headers an inbound e-mail threads on (libs/channels InboundEmailMetadata, read defensively). */
  email?: object;
  /** An inbound e-mail's stored attachments (apps/api StoredAttachment). */
  attachments?: object[];
  /** Where a question asked in Slack came from. */
  slack?: { user: string; thread: string };
  /** Why the bot could not read a question (InvalidQuestionError's code). */
  refused?: string;
  /** A customer's file upload: its attachment row is in message_attachments (read only for such messages). */
  fileAttached?: boolean;
  /** The bot asks the customer to rate the conversation (libs/csat): the widget and Slack show 1–5 buttons. */
  csatRequest?: { agentId: string | null };
}

export interface AnswerMetadata extends DeliveryDetails {
  traceId?: string;
  confidence?: number;
  threshold?: number;
  citations?: StoredCitation[];
  /** The action calls behind this reply, for agents (identity values redacted, no secret). */
  actionCalls?: TracedActionCall[];
  /** A side effect that waits for the customer's yes: the widget and Slack show Yes / No buttons. */
  confirmation?: { action: string; arguments: Record<string, string> };
}

/** The bot's notice that a person takes over (`handoff`), or that nobody is available now (`offline`). */
export interface HandoffNoticeMetadata extends DeliveryDetails {
  reason: HandoffReason;
  ticketId: string;
  /** The widget asks for an e-mail address: nobody is online and the contact has none. */
  collectEmail: boolean;
}

/** A transcript line: a handoff, a ticket closing, a mirror to Slack, an e-mail left, an agent leaving. */
export interface ActivityMetadata extends DeliveryDetails {
  event?: 'handoff' | 'handed_back' | 'email_collected' | 'slack_mirror' | (string & {});
  ticketId?: string;
  reason?: HandoffReason;
  resolution?: TicketResolution;
  agentId?: string;
  email?: string;
}

/** A message's kind with the metadata that kind carries: narrow on `kind` to read it. */
export type MessageDetails =
  | { kind: 'message'; metadata: PlainMessageMetadata }
  | { kind: 'answer'; metadata: AnswerMetadata }
  | { kind: 'handoff' | 'offline'; metadata: HandoffNoticeMetadata }
  | { kind: 'activity'; metadata: ActivityMetadata };

export type MessageMetadata = MessageDetails['metadata'];

/** The message's kind and metadata as the discriminated union, for readers that narrow on the kind. */
export function detailsOf(message: { kind: MessageKind; metadata: MessageMetadata }): MessageDetails {
  return { kind: message.kind, metadata: message.metadata } as MessageDetails;
}

/** A bot answer's metadata (citations, confidence, trace), or null for any other kind of message. */
export function answerMetadataOf(message: { kind: MessageKind; metadata: MessageMetadata }): AnswerMetadata | null {
  const details = detailsOf(message);
  return details.kind === 'answer' ? details.metadata : null;
}
