import { ApiProperty } from '@nestjs/swagger';
import {
  AGENT_ROLES,
  CHANNEL_TYPES,
  CONVERSATION_OWNERS,
  HANDOFF_REASONS,
  TICKET_RESOLUTIONS,
  TICKET_STATUSES,
} from '@switchboard/database';
import { MESSAGE_AUTHORS, WidgetMessageResponse } from '../../widget/dto/widget.response';

const NULLABLE_STRING = { type: String, nullable: true } as const;
const NULLABLE_DATE = { type: String, format: 'date-time', nullable: true } as const;
const ANY_FIELDS = { type: 'object', additionalProperties: true } as const;

export class AgentViewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: AGENT_ROLES }) role!: string;
  @ApiProperty({ enum: ['online', 'busy', 'offline'] }) availability!: string;
}

export class WorkspaceRefResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeResponse {
  @ApiProperty({ type: AgentViewResponse }) agent!: AgentViewResponse;
  @ApiProperty({ type: WorkspaceRefResponse }) workspace!: WorkspaceRefResponse;
}

export class LoginResponse extends MeResponse {
  @ApiProperty({ description: 'The bearer session token.' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** A transcript line as the console shows it: the widget's shape plus notes, the agent and the raw metadata. */
export class ConsoleMessageResponse extends WidgetMessageResponse {
  @ApiProperty({ description: 'An internal note, never shown to the customer.' }) private!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agentId!: string | null;
  @ApiProperty(ANY_FIELDS) metadata!: Record<string, unknown>;
}

export class AssigneeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class TicketContactResponse {
  @ApiProperty(NULLABLE_STRING) name!: string | null;
  @ApiProperty(NULLABLE_STRING) email!: string | null;
}

export class TicketInboxResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHANNEL_TYPES }) channel!: string;
}

export class LastMessageResponse {
  @ApiProperty() content!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS }) author!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A document the bot's draft cited, as recorded with the handoff. */
export class TicketSourceResponse {
  @ApiProperty() documentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
}

export class TicketViewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: string;
  @ApiProperty({ enum: HANDOFF_REASONS }) reason!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty(NULLABLE_DATE) firstResponseAt!: string | null;
  @ApiProperty(NULLABLE_DATE) resolvedAt!: string | null;
  @ApiProperty({ type: String, enum: TICKET_RESOLUTIONS, nullable: true }) resolution!: string | null;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) assignee!: AssigneeResponse | null;
  @ApiProperty({ type: TicketContactResponse }) contact!: TicketContactResponse;
  @ApiProperty({ type: TicketInboxResponse }) inbox!: TicketInboxResponse;
  @ApiProperty({ type: LastMessageResponse, nullable: true }) lastMessage!: LastMessageResponse | null;
  @ApiProperty({ type: Number, nullable: true }) confidence!: number | null;
  @ApiProperty(ANY_FIELDS) confidenceTrace!: Record<string, unknown>;
  @ApiProperty({ type: [TicketSourceResponse] }) sources!: TicketSourceResponse[];
}

export class ConversationInboxResponse extends TicketInboxResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ConversationContactResponse extends TicketContactResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ConversationViewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: ConversationInboxResponse }) inbox!: ConversationInboxResponse;
  @ApiProperty({ type: ConversationContactResponse }) contact!: ConversationContactResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TicketListResponse {
  @ApiProperty({ type: [TicketViewResponse] }) tickets!: TicketViewResponse[];
}

export class TicketEnvelopeResponse {
  @ApiProperty({ type: TicketViewResponse }) ticket!: TicketViewResponse;
}

export class TicketDetailResponse extends TicketEnvelopeResponse {
  @ApiProperty({ type: ConversationViewResponse }) conversation!: ConversationViewResponse;
  @ApiProperty({ type: [ConsoleMessageResponse] }) messages!: ConsoleMessageResponse[];
}

export class ConversationDetailResponse {
  @ApiProperty({ type: ConversationViewResponse }) conversation!: ConversationViewResponse;
  @ApiProperty({ type: [ConsoleMessageResponse] }) messages!: ConsoleMessageResponse[];
  @ApiProperty({ type: [TicketViewResponse] }) tickets!: TicketViewResponse[];
}

export class ConsoleMessageEnvelopeResponse {
  @ApiProperty({ type: ConsoleMessageResponse }) message!: ConsoleMessageResponse;
}

export class AgentListResponse {
  @ApiProperty({ type: [AgentViewResponse] }) agents!: AgentViewResponse[];
}

export class CannedReplyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() shortCode!: string;
  @ApiProperty() content!: string;
}

export class CannedReplyListResponse {
  @ApiProperty({ type: [CannedReplyResponse] }) cannedReplies!: CannedReplyResponse[];
}

export class CannedReplyCreatedResponse extends CannedReplyListResponse {
  @ApiProperty({ type: CannedReplyResponse }) cannedReply!: CannedReplyResponse;
}
