import { ApiProperty } from '@nestjs/swagger';
import { CONVERSATION_OWNERS } from '@switchboard/database';

export const MESSAGE_AUTHORS = ['contact', 'bot', 'agent', 'system'];
export const MESSAGE_KINDS = ['message', 'answer', 'handoff', 'offline', 'activity'];

export class WidgetCitationResponse {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
}

/** A message as the widget shows it. */
export class WidgetMessageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS }) author!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) clientMessageId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The agent's name, on agents' messages." })
  agentName!: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: string;
  @ApiProperty({ type: [WidgetCitationResponse] }) citations!: WidgetCitationResponse[];
  @ApiProperty({ type: Number, nullable: true }) confidence!: number | null;
  @ApiProperty({ description: 'The offline form should ask for an e-mail address.' }) collectEmail!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The customer message this answers.' })
  replyTo!: string | null;
}

export class WidgetLookResponse {
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

export class WidgetLookEnvelopeResponse {
  @ApiProperty({ type: WidgetLookResponse }) inbox!: WidgetLookResponse;
}

export class IssuedVisitorTokenResponse {
  @ApiProperty() visitorToken!: string;
  @ApiProperty({ format: 'date-time' }) visitorTokenExpiresAt!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds from now until it expires.' }) visitorTokenExpiresIn!: number;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
}

export class WidgetSessionResponse extends IssuedVisitorTokenResponse {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: string;
  @ApiProperty({ type: WidgetLookResponse }) inbox!: WidgetLookResponse;
  @ApiProperty({ description: 'An agent is reachable now.' }) online!: boolean;
  @ApiProperty({ type: [WidgetMessageResponse] }) messages!: WidgetMessageResponse[];
}

export class WidgetHistoryResponse {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: string;
  @ApiProperty({ type: [WidgetMessageResponse] }) messages!: WidgetMessageResponse[];
}

export class WidgetPostedResponse {
  @ApiProperty({ type: WidgetMessageResponse }) message!: WidgetMessageResponse;
  @ApiProperty({ description: 'The clientMessageId was seen before: nothing new was stored.' }) duplicate!: boolean;
}

export class WidgetFeedbackResponse {
  @ApiProperty() handedOff!: boolean;
}

export class WidgetOwnerResponse {
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: string;
}

export class WidgetContactResponse {
  @ApiProperty({ enum: [true] }) ok!: true;
}
