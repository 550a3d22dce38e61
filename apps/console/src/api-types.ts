// The shapes of the console HTTP contract (docs/widget-and-console-http.md, section "Console").

export type AgentRole = 'admin' | 'agent';
export type Availability = 'online' | 'busy' | 'offline';
export type TicketStatus = 'open' | 'assigned' | 'pending' | 'resolved';
export type HandoffReason = 'low_confidence' | 'customer_asked' | 'negative_feedback' | 'llm_failure' | 'policy';
export type ConversationOwner = 'bot' | 'queued' | 'agent' | 'resolved';
export type MessageAuthor = 'contact' | 'bot' | 'agent' | 'system';
export type MessageKind = 'message' | 'answer' | 'handoff' | 'offline' | 'activity';
export type ChannelType = 'widget' | 'slack' | 'email';

export interface ConsoleAgent {
  id: string;
  name: string;
  email: string;
  role: AgentRole;
  availability: Availability;
}

export interface ConsoleWorkspace {
  id: string;
  name: string;
}

export interface LoginRequest {
  email: string;
  password: string;
  workspaceId?: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string | null;
  agent: ConsoleAgent;
  workspace: ConsoleWorkspace;
}

export interface MeResponse {
  agent: ConsoleAgent;
  workspace: ConsoleWorkspace;
}

export interface TicketSource {
  documentId: string;
  title: string;
  url: string | null;
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
  resolution: 'resolved' | 'handed_back' | null;
  assignee: { id: string; name: string } | null;
  contact: { name: string | null; email: string | null };
  inbox: { name: string; channel: ChannelType };
  lastMessage: { content: string; author: MessageAuthor; createdAt: string } | null;
  confidence: number | null;
  confidenceTrace: Record<string, unknown>;
  sources: TicketSource[];
}

export interface ConversationView {
  id: string;
  owner: ConversationOwner;
  assigneeId: string | null;
  inbox: { id: string; name: string; channel: ChannelType };
  contact: { id: string; name: string | null; email: string | null };
  createdAt: string;
}

export interface Citation {
  index: number;
  title: string;
  url: string | null;
}

export interface ConsoleMessage {
  id: string;
  author: MessageAuthor;
  content: string;
  createdAt: string;
  clientMessageId: string | null;
  agentName: string | null;
  kind: MessageKind;
  citations: Citation[];
  confidence: number | null;
  collectEmail: boolean;
  private: boolean;
  agentId: string | null;
  metadata: Record<string, unknown>;
}

export interface TicketDetail {
  ticket: TicketView;
  conversation: ConversationView;
  messages: ConsoleMessage[];
}

export interface CannedReply {
  id: string;
  shortCode: string;
  content: string;
}

export type TicketAction = 'claim' | 'pending' | 'resolve' | 'hand-back';

export type ReportHandoffsByReason = Record<string, number> | Array<{ reason: string; count: number }>;

export interface ConsoleReport {
  days: number;
  conversations: number;
  answeredByBot: number;
  autoResolutionRate: number | null;
  handoffRate: number | null;
  handoffsByReason: ReportHandoffsByReason;
  medianFirstResponseSeconds: number | null;
  feedback: { up: number; down: number };
}

export interface TicketStreamEvent {
  ticket: TicketView;
}

export interface MessageStreamEvent {
  conversationId: string;
  message: ConsoleMessage;
}

export interface ConversationStreamEvent {
  conversationId: string;
  owner: ConversationOwner;
  assigneeId: string | null;
}
