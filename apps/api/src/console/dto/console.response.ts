import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ExportFilesResponse,
  ExportReportResponse,
  JobEventResponse,
} from '../../fine-tuning/dto/fine-tuning.response';
import {
  ACTION_METHODS,
  ACTION_VISIBILITIES,
  AGENT_ROLES,
  ActionCallView,
  ActionConfirmation,
  ActionMethod,
  ActionView,
  ActionVisibility,
  AVAILABILITIES,
  AssistCapabilities,
  REWRITE_STYLES,
  ReplySuggestionView,
  RewriteStyle,
  RewriteView,
  AgentRole,
  AgentView,
  Availability,
  CHANNEL_TYPES,
  CONVERSATION_OWNERS,
  CannedReply,
  ChannelType,
  Conforms,
  ConsoleMessage,
  ConsoleResponse,
  ConversationOwner,
  ConversationContact,
  ConversationInbox,
  ConversationView,
  FINE_TUNING_STATUSES,
  FineTuningCapabilities,
  FineTuningExportView,
  FineTuningJobEvent,
  FineTuningJobView,
  FineTuningStatus,
  LABEL_SOURCES,
  LabelSource,
  LastMessage,
  TICKET_SENTIMENTS,
  TICKET_URGENCIES,
  TeamRef,
  TicketAssignee,
  TicketLabels,
  TicketSentiment,
  TicketUrgency,
  TicketContact,
  TicketInbox,
  HANDOFF_REASONS,
  HandoffReason,
  MESSAGE_AUTHORS,
  MessageAuthor,
  TICKET_RESOLUTIONS,
  TICKET_STATUSES,
  TicketResolution,
  TicketSource,
  TicketStatus,
  TicketView,
  WorkspaceRef,
} from '@switchboard/contracts';
import { WidgetMessageResponse } from '../../widget/dto/widget.response';

// Each class documents a body of the contract (@switchboard/contracts) and is checked against it at the end.

const NULLABLE_STRING = { type: String, nullable: true } as const;
const NULLABLE_DATE = { type: String, format: 'date-time', nullable: true } as const;
const ANY_FIELDS = { type: 'object', additionalProperties: true } as const;

export class AgentViewResponse implements AgentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: AGENT_ROLES }) role!: AgentRole;
  @ApiProperty({ enum: AVAILABILITIES }) availability!: Availability;
}

export class WorkspaceRefResponse implements WorkspaceRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeResponse implements ConsoleResponse<'GET me'> {
  @ApiProperty({ type: AgentViewResponse }) agent!: AgentViewResponse;
  @ApiProperty({ type: WorkspaceRefResponse }) workspace!: WorkspaceRefResponse;
}

export class LoginResponse extends MeResponse implements ConsoleResponse<'POST login'> {
  @ApiProperty({ description: 'The bearer session token.' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** One action call the bot made for a message: identity values redacted, no secret. */
export class ActionCallViewResponse implements ActionCallView {
  @ApiProperty() action!: string;
  @ApiProperty({ ...ANY_FIELDS, description: 'The arguments sent; identity values shown as "[verified identity]".' })
  arguments!: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true, description: 'The last HTTP status; null when none came.' })
  status!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ example: 'ok' }) outcome!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty(NULLABLE_STRING) responseExcerpt!: string | null;
}

export class ActionConfirmationResponse implements ActionConfirmation {
  @ApiProperty() action!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) arguments!: Record<string, string>;
}

/** A transcript line as the console shows it: the widget's shape plus notes, the agent and the raw metadata. */
export class ConsoleMessageResponse extends WidgetMessageResponse implements ConsoleMessage {
  @ApiProperty({ description: 'An internal note, never shown to the customer.' }) private!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agentId!: string | null;
  @ApiProperty(ANY_FIELDS) metadata!: Record<string, unknown>;
  @ApiPropertyOptional({ type: [ActionCallViewResponse], description: 'The actions the bot called for the message.' })
  actionCalls?: ActionCallViewResponse[];
  @ApiProperty({
    type: ActionConfirmationResponse,
    nullable: true,
    description: 'The side effect the bot asked the customer to confirm, with its arguments.',
  })
  override confirmation!: ActionConfirmationResponse | null;
}

export class AssigneeResponse implements TicketAssignee {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class TicketContactResponse implements TicketContact {
  @ApiProperty(NULLABLE_STRING) name!: string | null;
  @ApiProperty(NULLABLE_STRING) email!: string | null;
}

export class TicketInboxResponse implements TicketInbox {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHANNEL_TYPES }) channel!: ChannelType;
}

export class LastMessageResponse implements LastMessage {
  @ApiProperty() content!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS }) author!: MessageAuthor;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A document the bot's draft cited, as recorded with the handoff. */
export class TicketSourceResponse implements TicketSource {
  @ApiProperty() documentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
}

export class TicketLabelsResponse implements TicketLabels {
  @ApiProperty({ ...NULLABLE_STRING, description: "One of the workspace's ticketTopics; null: unclassified." })
  topic!: string | null;
  @ApiProperty({ type: String, enum: TICKET_URGENCIES, nullable: true }) urgency!: TicketUrgency | null;
  @ApiProperty({ type: String, enum: TICKET_SENTIMENTS, nullable: true }) sentiment!: TicketSentiment | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'ISO 639-1 code.' }) language!: string | null;
  @ApiProperty({ type: String, enum: LABEL_SOURCES, nullable: true }) source!: LabelSource | null;
}

export class TeamRefResponse implements TeamRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) topics!: string[];
}

export class TicketLabelChoicesResponse implements ConsoleResponse<'GET ticket-labels'> {
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: [TeamRefResponse] }) teams!: TeamRefResponse[];
}

export class TicketViewResponse implements TicketView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: HANDOFF_REASONS }) reason!: HandoffReason;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty(NULLABLE_DATE) firstResponseAt!: string | null;
  @ApiProperty(NULLABLE_DATE) resolvedAt!: string | null;
  @ApiProperty({ type: String, enum: TICKET_RESOLUTIONS, nullable: true }) resolution!: TicketResolution | null;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) assignee!: AssigneeResponse | null;
  @ApiProperty({ type: TicketContactResponse }) contact!: TicketContactResponse;
  @ApiProperty({ type: TicketInboxResponse }) inbox!: TicketInboxResponse;
  @ApiProperty({ type: LastMessageResponse, nullable: true }) lastMessage!: LastMessageResponse | null;
  @ApiProperty({ type: Number, nullable: true }) confidence!: number | null;
  @ApiProperty(ANY_FIELDS) confidenceTrace!: Record<string, unknown>;
  @ApiProperty({ type: [TicketSourceResponse] }) sources!: TicketSourceResponse[];
  @ApiProperty({ type: TicketLabelsResponse }) labels!: TicketLabelsResponse;
}

export class ConversationInboxResponse extends TicketInboxResponse implements ConversationInbox {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ConversationContactResponse extends TicketContactResponse implements ConversationContact {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ConversationViewResponse implements ConversationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONVERSATION_OWNERS }) owner!: ConversationOwner;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: ConversationInboxResponse }) inbox!: ConversationInboxResponse;
  @ApiProperty({ type: ConversationContactResponse }) contact!: ConversationContactResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TicketListResponse implements ConsoleResponse<'GET tickets'> {
  @ApiProperty({ type: [TicketViewResponse] }) tickets!: TicketViewResponse[];
}

export class TicketEnvelopeResponse implements ConsoleResponse<'POST tickets/:id/claim'> {
  @ApiProperty({ type: TicketViewResponse }) ticket!: TicketViewResponse;
}

export class TicketDetailResponse extends TicketEnvelopeResponse implements ConsoleResponse<'GET tickets/:id'> {
  @ApiProperty({ type: ConversationViewResponse }) conversation!: ConversationViewResponse;
  @ApiProperty({ type: [ConsoleMessageResponse] }) messages!: ConsoleMessageResponse[];
}

export class ConversationDetailResponse implements ConsoleResponse<'GET conversations/:id'> {
  @ApiProperty({ type: ConversationViewResponse }) conversation!: ConversationViewResponse;
  @ApiProperty({ type: [ConsoleMessageResponse] }) messages!: ConsoleMessageResponse[];
  @ApiProperty({ type: [TicketViewResponse] }) tickets!: TicketViewResponse[];
}

export class ConsoleMessageEnvelopeResponse implements ConsoleResponse<'POST conversations/:id/messages'> {
  @ApiProperty({ type: ConsoleMessageResponse }) message!: ConsoleMessageResponse;
}

export class AgentListResponse implements ConsoleResponse<'GET agents'> {
  @ApiProperty({ type: [AgentViewResponse] }) agents!: AgentViewResponse[];
}

export class CannedReplyResponse implements CannedReply {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() shortCode!: string;
  @ApiProperty() content!: string;
}

export class CannedReplyListResponse implements ConsoleResponse<'GET canned-replies'> {
  @ApiProperty({ type: [CannedReplyResponse] }) cannedReplies!: CannedReplyResponse[];
}

export class CannedReplyCreatedResponse
  extends CannedReplyListResponse
  implements ConsoleResponse<'POST canned-replies'>
{
  @ApiProperty({ type: CannedReplyResponse }) cannedReply!: CannedReplyResponse;
}

export class RewriteAvailabilityResponse {
  @ApiProperty() available!: boolean;
  @ApiProperty(NULLABLE_STRING) reason!: string | null;
}

export class AssistCapabilitiesResponse implements AssistCapabilities {
  @ApiProperty({ type: RewriteAvailabilityResponse }) rewrite!: RewriteAvailabilityResponse;
  @ApiProperty({ enum: REWRITE_STYLES, isArray: true }) styles!: RewriteStyle[];
}

export class SuggestionCitationResponse {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty() title!: string;
  @ApiProperty(NULLABLE_STRING) url!: string | null;
}

export class ReplySuggestionResponse implements ReplySuggestionView {
  @ApiProperty() text!: string;
  @ApiProperty({ type: [SuggestionCitationResponse] }) citations!: SuggestionCitationResponse[];
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ description: 'The model that wrote it, or `extractive` offline.' }) model!: string;
  @ApiProperty({ description: 'The customer message it replies to.' }) replyingTo!: string;
}

export class ReplySuggestionEnvelopeResponse implements ConsoleResponse<'POST conversations/:id/assist/suggest-reply'> {
  @ApiProperty({ type: ReplySuggestionResponse }) suggestion!: ReplySuggestionResponse;
}

export class RewriteResponse implements RewriteView {
  @ApiProperty() text!: string;
  @ApiProperty() model!: string;
  @ApiProperty(NULLABLE_STRING) language!: string | null;
  @ApiProperty({ type: [String], description: 'What the output filter removed or redacted.' }) filtered!: string[];
}

export class RewriteEnvelopeResponse implements ConsoleResponse<'POST conversations/:id/assist/rewrite'> {
  @ApiProperty({ type: RewriteResponse }) rewrite!: RewriteResponse;
}

export class SummaryResponse implements ConsoleResponse<'POST conversations/:id/assist/summary'> {
  @ApiProperty() summary!: string;
}

/** An action as the console shows it: secret names only. */
export class ActionViewResponse implements ActionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ACTION_METHODS }) method!: ActionMethod;
  @ApiProperty() url!: string;
  @ApiProperty(ANY_FIELDS) parameters!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) identity!: string[];
  @ApiProperty() sideEffect!: boolean;
  @ApiProperty({ type: [String] }) examples!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Names of the secrets set; values are never returned.' })
  secretNames!: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CHANNEL_TYPES] }, nullable: true })
  channels!: ChannelType[] | null;
  @ApiProperty({ enum: ACTION_VISIBILITIES }) visibility!: ActionVisibility;
  @ApiProperty({ type: 'integer' }) timeoutMs!: number;
  @ApiProperty({ type: 'integer' }) maxResponseBytes!: number;
  @ApiProperty(NULLABLE_STRING) answerTemplate!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActionListResponse implements ConsoleResponse<'GET actions'> {
  @ApiProperty({ type: [ActionViewResponse] }) actions!: ActionViewResponse[];
}

export class ActionEnvelopeResponse implements ConsoleResponse<'POST actions'> {
  @ApiProperty({ type: ActionViewResponse }) action!: ActionViewResponse;
}

export class ConsoleExportFilesResponse extends ExportFilesResponse {
  @ApiProperty({ example: '/v1/console/fine-tuning/exports/{id}/train.jsonl' }) declare train: string;
  @ApiProperty({ example: '/v1/console/fine-tuning/exports/{id}/validation.jsonl' }) declare validation: string;
}

export class FineTuningExportViewResponse implements FineTuningExportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) seed!: number;
  @ApiProperty({ type: ExportReportResponse }) report!: ExportReportResponse;
  @ApiProperty({ type: ConsoleExportFilesResponse, description: "The console's download paths." })
  files!: ConsoleExportFilesResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FineTuningJobViewResponse implements FineTuningJobView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) exportId!: string;
  @ApiProperty({ enum: ['answer'] }) task!: string;
  @ApiProperty() baseModel!: string;
  @ApiProperty({ enum: FINE_TUNING_STATUSES }) status!: FineTuningStatus;
  @ApiProperty(NULLABLE_STRING) fineTunedModel!: string | null;
  @ApiProperty(NULLABLE_STRING) error!: string | null;
  @ApiProperty({ description: "Whether the workspace's task now asks the tuned model first." }) activated!: boolean;
  @ApiProperty({ type: [JobEventResponse], description: "The provider's events, oldest first." })
  events!: JobEventResponse[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FineTuningTrainingResponse {
  @ApiProperty() available!: boolean;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Why jobs cannot start (no provider configured).' })
  reason!: string | null;
}

export class FineTuningCapabilitiesResponse implements FineTuningCapabilities {
  @ApiProperty({ type: FineTuningTrainingResponse }) training!: FineTuningTrainingResponse;
}

export class FineTuningOverviewResponse implements ConsoleResponse<'GET fine-tuning'> {
  @ApiProperty({ type: [FineTuningExportViewResponse] }) exports!: FineTuningExportViewResponse[];
  @ApiProperty({ type: [FineTuningJobViewResponse] }) jobs!: FineTuningJobViewResponse[];
  @ApiProperty({ type: FineTuningCapabilitiesResponse }) capabilities!: FineTuningCapabilitiesResponse;
}

export class FineTuningExportEnvelopeResponse implements ConsoleResponse<'POST fine-tuning/exports'> {
  @ApiProperty({ type: FineTuningExportViewResponse }) export!: FineTuningExportViewResponse;
}

export class FineTuningJobEnvelopeResponse implements ConsoleResponse<'POST fine-tuning/jobs'> {
  @ApiProperty({ type: FineTuningJobViewResponse }) job!: FineTuningJobViewResponse;
}

/** `implements` lets a class add fields the contract lacks; these fail to compile when one does. */
type _ConsoleResponsesConform = [
  Conforms<AgentView, AgentViewResponse>,
  Conforms<WorkspaceRef, WorkspaceRefResponse>,
  Conforms<ConsoleResponse<'GET me'>, MeResponse>,
  Conforms<ConsoleResponse<'POST login'>, LoginResponse>,
  Conforms<ConsoleMessage, ConsoleMessageResponse>,
  Conforms<ActionCallView, ActionCallViewResponse>,
  Conforms<ActionConfirmation, ActionConfirmationResponse>,
  Conforms<ActionView, ActionViewResponse>,
  Conforms<ConsoleResponse<'GET actions'>, ActionListResponse>,
  Conforms<FineTuningExportView, FineTuningExportViewResponse>,
  Conforms<FineTuningJobView, FineTuningJobViewResponse>,
  Conforms<FineTuningJobEvent, JobEventResponse>,
  Conforms<FineTuningCapabilities, FineTuningCapabilitiesResponse>,
  Conforms<ConsoleResponse<'GET fine-tuning'>, FineTuningOverviewResponse>,
  Conforms<ConsoleResponse<'POST fine-tuning/exports'>, FineTuningExportEnvelopeResponse>,
  Conforms<ConsoleResponse<'POST fine-tuning/jobs'>, FineTuningJobEnvelopeResponse>,
  Conforms<ConsoleResponse<'DELETE actions/:id'>, ActionListResponse>,
  Conforms<ConsoleResponse<'POST actions'>, ActionEnvelopeResponse>,
  Conforms<ConsoleResponse<'PATCH actions/:id'>, ActionEnvelopeResponse>,
  Conforms<TicketAssignee, AssigneeResponse>,
  Conforms<TicketContact, TicketContactResponse>,
  Conforms<TicketInbox, TicketInboxResponse>,
  Conforms<LastMessage, LastMessageResponse>,
  Conforms<TicketSource, TicketSourceResponse>,
  Conforms<TicketView, TicketViewResponse>,
  Conforms<TicketLabels, TicketLabelsResponse>,
  Conforms<TeamRef, TeamRefResponse>,
  Conforms<ConsoleResponse<'GET ticket-labels'>, TicketLabelChoicesResponse>,
  Conforms<ConsoleResponse<'PATCH tickets/:id/labels'>, TicketEnvelopeResponse>,
  Conforms<ConversationInbox, ConversationInboxResponse>,
  Conforms<ConversationContact, ConversationContactResponse>,
  Conforms<ConversationView, ConversationViewResponse>,
  Conforms<ConsoleResponse<'GET tickets'>, TicketListResponse>,
  Conforms<ConsoleResponse<'POST tickets/:id/claim'>, TicketEnvelopeResponse>,
  Conforms<ConsoleResponse<'GET tickets/:id'>, TicketDetailResponse>,
  Conforms<ConsoleResponse<'GET conversations/:id'>, ConversationDetailResponse>,
  Conforms<ConsoleResponse<'POST conversations/:id/messages'>, ConsoleMessageEnvelopeResponse>,
  Conforms<ConsoleResponse<'GET agents'>, AgentListResponse>,
  Conforms<CannedReply, CannedReplyResponse>,
  Conforms<ConsoleResponse<'GET canned-replies'>, CannedReplyListResponse>,
  Conforms<ConsoleResponse<'POST canned-replies'>, CannedReplyCreatedResponse>,
  Conforms<ConsoleResponse<'GET assist'>, AssistCapabilitiesResponse>,
  Conforms<ConsoleResponse<'POST conversations/:id/assist/suggest-reply'>, ReplySuggestionEnvelopeResponse>,
  Conforms<ReplySuggestionView, ReplySuggestionResponse>,
  Conforms<ConsoleResponse<'POST conversations/:id/assist/rewrite'>, RewriteEnvelopeResponse>,
  Conforms<RewriteView, RewriteResponse>,
  Conforms<ConsoleResponse<'POST conversations/:id/assist/summary'>, SummaryResponse>,
];
