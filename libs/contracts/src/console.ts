// The console's side of the HTTP contract (docs/widget-and-console-http.md, "Console"). Plain types and constants
// only: the console is a browser bundle, so nothing here may import Nest, Node or another lib.
import type { ConsoleEvents } from './events';
import type { BodyOf, QueryOf, ResponseOf } from './routes';
import type { ConversationOwner, MessageAuthor, WidgetMessage } from './widget';
import { CONVERSATION_OWNERS } from './widget';

export const AGENT_ROLES = ['admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const AVAILABILITIES = ['online', 'busy', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const TICKET_STATUSES = ['open', 'assigned', 'pending', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** How a resolved ticket ended: an agent resolved the conversation, or handed it back to the bot. */
export const TICKET_RESOLUTIONS = ['resolved', 'handed_back'] as const;
export type TicketResolution = (typeof TICKET_RESOLUTIONS)[number];

export const HANDOFF_REASONS = [
  'low_confidence',
  'customer_asked',
  'negative_feedback',
  'llm_failure',
  'policy',
  'action_failed',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export const CHANNEL_TYPES = ['widget', 'slack', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const ACTION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ActionMethod = (typeof ACTION_METHODS)[number];

/** `internal`: the action runs for staff only. */
export const ACTION_VISIBILITIES = ['public', 'internal'] as const;
export type ActionVisibility = (typeof ACTION_VISIBILITIES)[number];

/** `active` = open, assigned or pending. */
export const TICKET_STATUS_FILTERS = [...TICKET_STATUSES, 'active'] as const;
export type TicketStatusFilter = (typeof TICKET_STATUS_FILTERS)[number];

export const TICKET_SCOPES = ['all', 'mine', 'unassigned'] as const;
export type TicketScope = (typeof TICKET_SCOPES)[number];

/** How urgent the customer's request reads. */
export const TICKET_URGENCIES = ['low', 'normal', 'high'] as const;
export type TicketUrgency = (typeof TICKET_URGENCIES)[number];

export const TICKET_SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type TicketSentiment = (typeof TICKET_SENTIMENTS)[number];

/** Who set a ticket's labels: the small model, the offline rules and lexical classifier, or an agent's correction. */
export const LABEL_SOURCES = ['llm', 'rules', 'agent'] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** A ticket's classification; null in a field means unclassified (nothing guessed). */
export interface TicketLabels {
  /** One of the workspace's `ticketTopics`. */
  topic: string | null;
  urgency: TicketUrgency | null;
  sentiment: TicketSentiment | null;
  /** ISO 639-1 code. */
  language: string | null;
  /** Null while nothing classified the ticket. */
  source: LabelSource | null;
}

/** An agent's correction of a ticket's labels: a field left out is kept, null clears it. */
export interface TicketLabelsChange {
  topic?: string | null;
  urgency?: TicketUrgency | null;
  sentiment?: TicketSentiment | null;
  language?: string | null;
}

/** What an agent can do to a ticket: each is `POST tickets/:id/<action>`. */
export const TICKET_ACTIONS = ['claim', 'pending', 'resolve', 'hand-back'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: AgentRole;
  availability: Availability;
}

export interface WorkspaceRef {
  id: string;
  name: string;
}

export interface ConsoleIdentity {
  agent: AgentView;
  workspace: WorkspaceRef;
}

export interface LoginRequest {
  email: string;
  password: string;
  /** Needed when the e-mail belongs to agents of several workspaces. */
  workspaceId?: string;
}

export interface LoginSession extends ConsoleIdentity {
  /** The bearer session token. */
  token: string;
  expiresAt: string;
}

/** A document the bot's draft cited, as recorded with the handoff. */
export interface TicketSource {
  documentId: string;
  title: string;
  url: string | null;
}

export interface TicketAssignee {
  id: string;
  name: string;
}

export interface TicketContact {
  name: string | null;
  email: string | null;
}

export interface TicketInbox {
  name: string;
  channel: ChannelType;
}

export interface LastMessage {
  content: string;
  author: MessageAuthor;
  createdAt: string;
}

export interface TicketView {
  id: string;
  status: TicketStatus;
  reason: HandoffReason;
  summary: string;
  conversationId: string;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  /** How a resolved ticket ended (`handed_back`: the bot answers again); null while it is active. */
  resolution: TicketResolution | null;
  assignee: TicketAssignee | null;
  contact: TicketContact;
  inbox: TicketInbox;
  lastMessage: LastMessage | null;
  confidence: number | null;
  confidenceTrace: Record<string, unknown>;
  sources: TicketSource[];
  labels: TicketLabels;
}

export interface TeamRef {
  id: string;
  name: string;
  topics: string[];
}

export interface ConversationInbox extends TicketInbox {
  id: string;
}

export interface ConversationContact extends TicketContact {
  id: string;
}

export interface ConversationView {
  id: string;
  owner: ConversationOwner;
  assigneeId: string | null;
  inbox: ConversationInbox;
  contact: ConversationContact;
  createdAt: string;
}

/** One action call the bot made for a message, as agents see it: identity values redacted, no secret. */
export interface ActionCallView {
  action: string;
  arguments: Record<string, unknown>;
  /** The last HTTP status received; null when no response came (refused, timed out, network error). */
  status: number | null;
  latencyMs: number;
  /** `ok`, `not_found`, `forbidden`, `conflict`, `rejected`, `failed`, `response_too_large`, `invalid_arguments`, `refused`. */
  outcome: string;
  attempts: number;
  /** The start of the response body, secrets scrubbed; null when there was none. */
  responseExcerpt: string | null;
}

/** A side effect the bot asked the customer to confirm before calling it. */
export interface ActionConfirmation {
  action: string;
  arguments: Record<string, string>;
}

/** A transcript line as the console shows it: the widget's shape plus notes, the agent and the raw metadata. */
export interface ConsoleMessage extends WidgetMessage {
  /** An internal note, never shown to the customer. */
  private: boolean;
  agentId: string | null;
  metadata: Record<string, unknown>;
  /** The actions the bot called for this message, read from its metadata; absent when it called none. */
  actionCalls?: ActionCallView[];
  /** The side effect the bot asked the customer to confirm with this message, with its arguments; null otherwise. */
  confirmation: ActionConfirmation | null;
}

export interface TicketDetail {
  ticket: TicketView;
  conversation: ConversationView;
  messages: ConsoleMessage[];
}

export interface ConversationDetail {
  conversation: ConversationView;
  messages: ConsoleMessage[];
  tickets: TicketView[];
}

export interface CannedReply {
  id: string;
  shortCode: string;
  content: string;
}

export interface FeedbackCounts {
  up: number;
  down: number;
}

export interface SupportReport {
  days: number;
  /** Conversations started in the window. */
  conversations: number;
  /** Of those, conversations with at least one bot answer (message kind = 'answer'). */
  answeredByBot: number;
  /** Conversations with a customer message and a bot answer but no ticket, over conversations with a customer message. */
  autoResolutionRate: number;
  /** Conversations with a customer message and a ticket, over conversations with a customer message. */
  handoffRate: number;
  /** Tickets opened in the window, by reason (every reason listed, zero included). */
  handoffsByReason: Record<HandoffReason, number>;
  /** Median of firstResponseAt - createdAt over tickets opened in the window that got a response; null if none. */
  medianFirstResponseSeconds: number | null;
  /** Ratings (message feedback) on messages written in the window. */
  feedback: FeedbackCounts;
}

/** Where a customer rated a conversation. */
export const CSAT_CHANNELS = ['widget', 'email', 'slack'] as const;
export type CsatChannel = (typeof CSAT_CHANNELS)[number];

/** A customer's rating of a conversation (1–5), as the console shows it in the transcript. */
export interface CsatRatingView {
  score: number;
  comment: string | null;
  channel: CsatChannel;
  /** The agent who resolved the conversation; null when the bot handled it alone. */
  agentId: string | null;
  submittedAt: string;
  updatedAt: string;
}

/** Ratings counted: how many, their average (two decimals, null when none) and how many of each score. */
export interface CsatSummary {
  count: number;
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

/** CSAT over the report's window (ratings first given in it): overall, for the bot alone, and per resolving agent. */
export interface CsatReport {
  days: number;
  overall: CsatSummary;
  bot: CsatSummary;
  /** Agents with at least one rating, most rated first. */
  agents: Array<CsatSummary & { agentId: string; name: string | null }>;
}

/** How an agent's draft can be rewritten; `translate` goes into the customer's language unless one is given. */
export const REWRITE_STYLES = ['shorter', 'friendlier', 'more_formal', 'fix_grammar', 'translate'] as const;
export type RewriteStyle = (typeof REWRITE_STYLES)[number];

/** A reply drafted for the agent from the knowledge base: never sent by itself. */
export interface ReplySuggestionView {
  text: string;
  citations: Array<{ index: number; title: string; url: string | null }>;
  confidence: number;
  /** The model that wrote it, or `extractive` offline. */
  model: string;
  /** The customer message it replies to. */
  replyingTo: string;
}

export interface RewriteView {
  text: string;
  model: string;
  language: string | null;
  /** What the output filter removed or redacted (e.g. `link_removed`). */
  filtered: string[];
}

/** Which assists work here: offline, rewriting is off and the console says why. */
export interface AssistCapabilities {
  rewrite: { available: boolean; reason: string | null };
  styles: RewriteStyle[];
}

/** An action as the console shows it: secrets by name only, their values are write-only. */
export interface ActionView {
  id: string;
  name: string;
  description: string;
  method: ActionMethod;
  url: string;
  parameters: Record<string, unknown>;
  identity: string[];
  sideEffect: boolean;
  examples: string[];
  headers: Record<string, string>;
  /** Names of the secrets set. */
  secretNames: string[];
  /** Inbox channels the action may run in; null: all. */
  channels: ChannelType[] | null;
  visibility: ActionVisibility;
  timeoutMs: number;
  maxResponseBytes: number;
  answerTemplate: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A change to an action; a secret given replaces the one of its name, null removes it, one left out is kept. */
export interface ActionChange {
  name?: string;
  description?: string;
  method?: ActionMethod;
  url?: string;
  parameters?: Record<string, unknown>;
  identity?: string[] | null;
  sideEffect?: boolean;
  examples?: string[];
  headers?: Record<string, string>;
  secrets?: Record<string, string | null>;
  channels?: ChannelType[] | null;
  visibility?: ActionVisibility;
  timeoutMs?: number;
  maxResponseBytes?: number;
  answerTemplate?: string | null;
  enabled?: boolean;
}

/** A new action: what `/v1/actions` takes, with the same defaults. */
export interface ActionRequest extends ActionChange {
  name: string;
  description: string;
  method: ActionMethod;
  url: string;
  parameters: Record<string, unknown>;
}

/** A fine-tuning job's status, as the provider reports it. */
export const FINE_TUNING_STATUSES = [
  'validating_files',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type FineTuningStatus = (typeof FINE_TUNING_STATUSES)[number];

/** The files of an export, by name. */
export const FINE_TUNING_FILES = ['train.jsonl', 'validation.jsonl'] as const;
export type FineTuningFile = (typeof FINE_TUNING_FILES)[number];

/** What an export counted, estimated and warned about. */
export interface FineTuningReport {
  conversationsRead: number;
  /** Left out: the contact asked for erasure. */
  conversationsErased: number;
  /** Conversations with no reply worth learning from (no agent reply, no helpful or accepted bot answer). */
  conversationsWithoutExample: number;
  duplicatesRemoved: number;
  examples: number;
  trainExamples: number;
  validationExamples: number;
  /** Assistant replies kept, by why they were kept. */
  replies: { agent: number; botHelpful: number; botAccepted: number };
  redactions: { email: number; phone: number; card: number; name: number };
  /** Examples with at least one reply that cited knowledge documents. */
  examplesCitingDocuments: number;
  /** Tokens of the training file (~4 characters a token). */
  estimatedTokens: number;
  estimatedEpochs: number;
  /** What the provider bills: the file's tokens once per epoch. */
  estimatedTrainingTokens: number;
  /** USD, at the provider's training price of `costModel`. */
  estimatedCostUsd: number;
  costModel: string;
  warnings: string[];
}

/** A fine-tuning dataset; `files` are the console's download paths. */
export interface FineTuningExportView {
  id: string;
  seed: number;
  report: FineTuningReport;
  files: { train: string; validation: string };
  createdAt: string;
}

export interface FineTuningJobEvent {
  id: string;
  createdAt: string;
  level: string;
  message: string;
}

/** A fine-tuning job, as the worker last read it from the provider. */
export interface FineTuningJobView {
  id: string;
  exportId: string;
  task: string;
  baseModel: string;
  status: FineTuningStatus;
  fineTunedModel: string | null;
  error: string | null;
  /** Whether the task now asks the tuned model first. */
  activated: boolean;
  /** Oldest first. */
  events: FineTuningJobEvent[];
  finishedAt: string | null;
  createdAt: string;
}

/** Whether jobs can be started here: offline there is no provider, and `reason` says why. */
export interface FineTuningCapabilities {
  training: { available: boolean; reason: string | null };
}

/** One recorded change to the workspace's configuration or access (GET audit-events, GET /v1/audit-events). */
export interface AuditEventView {
  id: string;
  /** ISO 8601. */
  occurredAt: string;
  actor: { type: 'agent' | 'api_key' | 'admin_token' | 'system'; id: string | null; display: string };
  ip: string | null;
  /** `<target type>.<verb>`, e.g. `api_key.created`, `workspace.settings_changed`. */
  action: string;
  target: { type: string; id: string | null };
  /** Changed fields by dotted path; secret values read '[redacted]'. */
  diff: Record<string, { before: unknown; after: unknown }>;
}

/** Filters of the audit log; every one optional. `action` ending in `*` matches by prefix (`webhook.*`). */
export interface AuditEventsFilter {
  action?: string;
  actorType?: 'agent' | 'api_key' | 'admin_token' | 'system';
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
}

export interface AuditEventsQuery extends AuditEventsFilter {
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** 1 to 200, default 50. */
  limit?: number;
}

/** The audit log as a file: CSV (one row per event, the diff as JSON) or JSON Lines. */
export interface AuditExportQuery extends AuditEventsFilter {
  format: 'csv' | 'jsonl';
}

/** A page of the audit log, newest first; `nextCursor` is null on the last page. */
export interface AuditEventsPage {
  events: AuditEventView[];
  nextCursor: string | null;
}

/** A webhook delivery's state in the delivery log. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** A webhook endpoint, never with its secret; `disabledAt` and `disabledReason` when Switchboard switched it off. */
export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description: string;
  /** Until when the secret a rotation replaced still signs, if one does. */
  previousSecretExpiresAt: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An endpoint with its signing secret: answered once, at creation or rotation. */
export interface WebhookWithSecret {
  webhook: WebhookView;
  secret: string;
}

/** One delivery of the log; `responseExcerpt` is the receiver's text, untrusted. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  latencyMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  replayOf: string | null;
  createdAt: string;
}

/** Private-use characters around each match of a search highlight: the console turns them into <mark>. */
export const SEARCH_HIGHLIGHT = { start: '\uE000', stop: '\uE001' } as const;
/** A search's conversation status filter: who owns the conversation now. */
export const SEARCH_STATUSES = CONVERSATION_OWNERS;
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const SEARCH_MAX_TERMS = 12;
export const SEARCH_PAGE_SIZE_MAX = 50;
export const SEARCH_PAGE_MAX = 100;

/** Conversation search: the words to find, and filters that must all hold. */
export interface ConversationSearchQuery {
  /** Words; each matches a word of a message that starts with it (3 characters and more) or equals it. */
  q: string;
  status?: ConversationOwner;
  channel?: ChannelType;
  /** An agent's id: conversations assigned to them. */
  assignee?: string;
  /** A contact's id. */
  contact?: string;
  /** Ticket labels: conversations with a ticket so labelled. */
  topic?: string;
  urgency?: TicketUrgency;
  sentiment?: TicketSentiment;
  language?: string;
  /** Messages written from this instant (ISO 8601) … */
  from?: string;
  /** … and before this one. */
  to?: string;
  /** From 1. */
  page?: number;
  pageSize?: number;
}

/** A matching message: `highlight` is an excerpt of its text, each match between SEARCH_HIGHLIGHT's markers. */
export interface SearchMessageHit {
  id: string;
  author: MessageAuthor;
  private: boolean;
  createdAt: string;
  highlight: string;
}

/** A conversation that matched, with its best matching messages (best first). */
export interface ConversationSearchHit {
  conversation: ConversationView;
  rank: number;
  matchingMessages: number;
  messages: SearchMessageHit[];
}

export interface ConversationSearchResults {
  /** Conversations that matched, over every page. */
  total: number;
  page: number;
  pageSize: number;
  /** Best first. */
  results: ConversationSearchHit[];
}

/** An erasure as recorded: what went, by kind, and who asked; nothing of the contact. */
export interface ContactErasureView {
  id: string;
  counts: Record<string, number>;
  requestedBy: string;
  createdAt: string;
}

/** The export of one contact: one section per holder (conversations, tickets, answerTraces, llmCalls, …). */
export interface ContactExportDocument {
  format: 'switchboard.contact-export';
  version: number;
  exportedAt: string;
  workspaceId: string;
  contactId: string;
  sections: Record<string, unknown>;
}

export interface PrivacyView {
  retentionDays: number | null;
  erasures: ContactErasureView[];
}

/** The console's routes under `/v1/console/`, by `METHOD path`: what each takes and answers. */
export interface ConsoleRoutes {
  'POST login': { body: LoginRequest; response: LoginSession };
  'POST logout': { response: void };
  'GET me': { response: ConsoleIdentity };
  'PATCH me': { body: { availability: Availability }; response: ConsoleIdentity };
  /** Oldest first. */
  'GET tickets': {
    query: {
      status?: TicketStatusFilter;
      scope?: TicketScope;
      topic?: string;
      urgency?: TicketUrgency;
      sentiment?: TicketSentiment;
      language?: string;
      /** A team's id: tickets whose topic is one of the team's topics. */
      team?: string;
    };
    response: { tickets: TicketView[] };
  };
  'GET tickets/:id': { response: TicketDetail };
  'POST tickets/:id/claim': { response: { ticket: TicketView } };
  'POST tickets/:id/pending': { response: { ticket: TicketView } };
  'POST tickets/:id/resolve': { response: { ticket: TicketView } };
  'POST tickets/:id/hand-back': { response: { ticket: TicketView } };
  'PATCH tickets/:id/labels': { body: TicketLabelsChange; response: { ticket: TicketView } };
  /** The workspace's topics and teams, for the queue's filters and the label editor. */
  'GET ticket-labels': { response: { topics: string[]; teams: TeamRef[] } };
  'GET conversations/:id': { response: ConversationDetail };
  /** The customer's rating of the conversation, if they gave one. */
  'GET conversations/:id/csat': { response: { rating: CsatRatingView | null } };
  /** An e-mail attachment, always as `application/octet-stream` bytes to save. */
  'GET conversations/:id/messages/:messageId/attachments/:index': { response: ArrayBuffer };
  /** A customer's file (widget upload) as a download, typed with its sniffed type. */
  'GET conversations/:id/attachments/:attachmentId': { response: ArrayBuffer };
  /** An image attachment shown inline (the preview); 404 for a PDF. */
  'GET conversations/:id/attachments/:attachmentId/preview': { response: ArrayBuffer };
  'POST conversations/:id/messages': {
    body: { content: string; private?: boolean };
    response: { message: ConsoleMessage };
  };
  'GET assist': { response: AssistCapabilities };
  'POST conversations/:id/assist/suggest-reply': { response: { suggestion: ReplySuggestionView } };
  'POST conversations/:id/assist/rewrite': {
    body: { text: string; style: RewriteStyle; language?: string };
    response: { rewrite: RewriteView };
  };
  'POST conversations/:id/assist/summary': { response: { summary: string } };
  'GET canned-replies': { response: { cannedReplies: CannedReply[] } };
  'POST canned-replies': {
    body: { shortCode: string; content: string };
    response: { cannedReply: CannedReply; cannedReplies: CannedReply[] };
  };
  'DELETE canned-replies/:id': { response: { cannedReplies: CannedReply[] } };
  'GET actions': { response: { actions: ActionView[] } };
  'POST actions': { body: ActionRequest; response: { action: ActionView } };
  'PATCH actions/:id': { body: ActionChange; response: { action: ActionView } };
  'DELETE actions/:id': { response: { actions: ActionView[] } };
  'GET agents': { response: { agents: AgentView[] } };
  'GET reports': { query: { days?: number }; response: SupportReport };
  /** CSAT for the support report: average, count and distribution, for the bot and by agent. */
  'GET reports/csat': { query: { days?: number }; response: CsatReport };
  /** Newest first. */
  'GET fine-tuning': {
    response: { exports: FineTuningExportView[]; jobs: FineTuningJobView[]; capabilities: FineTuningCapabilities };
  };
  'POST fine-tuning/exports': {
    body: { seed?: number; maxConversations?: number; model?: string };
    response: { export: FineTuningExportView };
  };
  /** `train.jsonl` or `validation.jsonl`, as a download. */
  'GET fine-tuning/exports/:id/:file': { response: string };
  'POST fine-tuning/jobs': {
    body: { exportId: string; model?: string; suffix?: string };
    response: { job: FineTuningJobView };
  };
  /** The retention period and the erasures made, newest first (admins). */
  'GET privacy': { response: PrivacyView };
  /** `retentionDays`: 1 to 3650, or null to keep conversations forever. */
  'PATCH privacy': { body: { retentionDays: number | null }; response: PrivacyView };
  /** Everything held about the contact, as a JSON download (the `/v1/contacts/:id/export` document). */
  'GET contacts/:id/export': { response: ContactExportDocument };
  'DELETE contacts/:id': { response: { erasure: ContactErasureView } };
  'GET events': { events: ConsoleEvents };
  /** Admins only: the audit log, newest first. */
  'GET audit-events': { query: AuditEventsQuery; response: AuditEventsPage };
  /** Admins only: every matching event, oldest first, as a download. */
  'GET audit-events/export': { query: AuditExportQuery; response: string };
  /** Oldest first, with every event type an endpoint can subscribe to. */
  'GET webhooks': { response: { webhooks: WebhookView[]; eventTypes: string[] } };
  'POST webhooks': { body: { url: string; events: string[]; description?: string }; response: WebhookWithSecret };
  'PATCH webhooks/:id': {
    body: { url?: string; events?: string[]; description?: string; enabled?: boolean };
    response: { webhook: WebhookView };
  };
  'DELETE webhooks/:id': { response: { webhooks: WebhookView[] } };
  'POST webhooks/:id/rotate-secret': { response: WebhookWithSecret };
  /** Newest first. */
  'GET webhooks/:id/deliveries': {
    query: { limit?: number; offset?: number };
    response: { deliveries: WebhookDeliveryView[] };
  };
  'POST webhooks/:id/deliveries/:deliveryId/replay': { response: { delivery: WebhookDeliveryView } };
  /** Full-text search of the workspace's conversations, internal notes included; best match first. */
  'GET search': { query: ConversationSearchQuery; response: ConversationSearchResults };
}

export type ConsoleRoute = keyof ConsoleRoutes;
export type ConsoleResponse<Route extends ConsoleRoute> = ResponseOf<ConsoleRoutes[Route]>;
export type ConsoleRequest<Route extends ConsoleRoute> = BodyOf<ConsoleRoutes[Route]>;
export type ConsoleQuery<Route extends ConsoleRoute> = QueryOf<ConsoleRoutes[Route]>;
