import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ATTACHMENT_TYPES,
  AttachmentType,
  CONVERSATION_OWNERS,
  Citation,
  Conforms,
  ConversationOwner,
  MESSAGE_AUTHORS,
  MESSAGE_KINDS,
  MessageAuthor,
  MessageFile,
  MessageKind,
  WidgetCsatRating,
  WidgetLook,
  WidgetMessage,
  WidgetResponse,
} from '@switchboard/contracts';

// Each class documents a body of the contract (@switchboard/contracts) and is checked against it at the end.

export class WidgetCitationResponse implements Citation {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
}

/** A file a customer attached, under its message. */
export class MessageFileResponse implements MessageFile {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The visitor's file name, sanitised (display only)." }) name!: string;
  @ApiProperty({ enum: ATTACHMENT_TYPES, description: "Sniffed from the file's first bytes." })
  contentType!: AttachmentType;
  @ApiProperty({ description: 'Bytes.' }) size!: number;
  @ApiProperty({ description: 'An image the console previews; a PDF is a download only.' }) previewable!: boolean;
}

/** A message as the widget shows it. */
export class WidgetCsatRatingResponse implements WidgetCsatRating {
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Until when the rating can still be changed.' })
  changeableUntil!: string;
}

export class WidgetMessageResponse implements WidgetMessage {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS }) author!: MessageAuthor;
  @ApiProperty() content!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) clientMessageId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The agent's name, on agents' messages." })
  agentName!: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: MessageKind;
  @ApiProperty({ type: [WidgetCitationResponse] }) citations!: WidgetCitationResponse[];
  @ApiProperty({ type: Number, nullable: true }) confidence!: number | null;
  @ApiProperty({ description: 'The offline form should ask for an e-mail address.' }) collectEmail!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The customer message this answers.' })
  replyTo!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { action: { type: 'string' } },
    description: 'The bot asks the customer to confirm this action: show Yes / No buttons.',
  })
  confirmation!: { action: string } | null;
  @ApiPropertyOptional({ type: [MessageFileResponse], description: 'The files the customer attached.' })
  attachments?: MessageFileResponse[];
  @ApiProperty({ description: 'The bot asks the customer to rate the conversation: show 1–5 stars and a comment box.' })
  ratingRequest!: boolean;
  @ApiPropertyOptional({
    type: WidgetCsatRatingResponse,
    description: 'On a rating request: the rating the customer already gave (shown after a reload).',
  })
  rating?: WidgetCsatRatingResponse;
}

export class WidgetLookResponse implements WidgetLook {
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) color!: string | null;
  @ApiProperty({ type: String, nullable: true }) greeting!: string | null;
  @ApiProperty() locale!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'UI strings in the locale.',
  })
  strings!: Record<string, string>;
}

export class WidgetLookEnvelopeResponse implements WidgetResponse<'GET look'> {
  @ApiProperty({ type: WidgetLookResponse }) inbox!: WidgetLookResponse;
}

export class IssuedVisitorTokenResponse implements WidgetResponse<'POST session/renew'> {
  @ApiProperty() visitorToken!: string;
  @ApiProperty({ format: 'date-time' }) visitorTokenExpiresAt!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds from now until it expires.' }) visitorTokenExpiresIn!: number;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
}

export class WidgetSessionResponse extends IssuedVisitorTokenResponse implements WidgetResponse<'POST session'> {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: ConversationOwner;
  @ApiProperty({ type: WidgetLookResponse }) inbox!: WidgetLookResponse;
  @ApiProperty({ description: 'An agent is reachable now.' }) online!: boolean;
  @ApiProperty({ type: [WidgetMessageResponse] }) messages!: WidgetMessageResponse[];
}

export class WidgetHistoryResponse implements WidgetResponse<'GET messages'> {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: ConversationOwner;
  @ApiProperty({ type: [WidgetMessageResponse] }) messages!: WidgetMessageResponse[];
}

export class WidgetPostedResponse implements WidgetResponse<'POST messages'> {
  @ApiProperty({ type: WidgetMessageResponse }) message!: WidgetMessageResponse;
  @ApiProperty({ description: 'The clientMessageId was seen before: nothing new was stored.' }) duplicate!: boolean;
}

export class WidgetFeedbackResponse implements WidgetResponse<'POST feedback'> {
  @ApiProperty() handedOff!: boolean;
}

export class WidgetOwnerResponse implements WidgetResponse<'POST handoff'> {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: ConversationOwner;
}

export class WidgetContactResponse implements WidgetResponse<'POST contact'> {
  @ApiProperty({ enum: [true] }) ok!: true;
}

export class WidgetCsatResponse implements WidgetResponse<'POST csat'> {
  @ApiProperty({ type: WidgetCsatRatingResponse }) rating!: WidgetCsatRatingResponse;
}

/** `implements` lets a class add fields the contract lacks; these fail to compile when one does. */
type _WidgetResponsesConform = [
  Conforms<Citation, WidgetCitationResponse>,
  Conforms<MessageFile, MessageFileResponse>,
  Conforms<WidgetMessage, WidgetMessageResponse>,
  Conforms<WidgetLook, WidgetLookResponse>,
  Conforms<WidgetResponse<'GET look'>, WidgetLookEnvelopeResponse>,
  Conforms<WidgetResponse<'POST session/renew'>, IssuedVisitorTokenResponse>,
  Conforms<WidgetResponse<'POST session'>, WidgetSessionResponse>,
  Conforms<WidgetResponse<'GET messages'>, WidgetHistoryResponse>,
  Conforms<WidgetResponse<'POST messages'>, WidgetPostedResponse>,
  Conforms<WidgetResponse<'POST feedback'>, WidgetFeedbackResponse>,
  Conforms<WidgetResponse<'POST handoff'>, WidgetOwnerResponse>,
  Conforms<WidgetResponse<'POST contact'>, WidgetContactResponse>,
  Conforms<WidgetResponse<'POST attachments'>, WidgetPostedResponse>,
  Conforms<WidgetResponse<'POST csat'>, WidgetCsatResponse>,
  Conforms<WidgetResponse<'POST end'>, WidgetOwnerResponse>,
];
