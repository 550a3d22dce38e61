import {
  Agent,
  ChannelType,
  ConversationOwner,
  HandoffReason,
  Message,
  MessageAuthor,
  TicketStatus,
} from '@switchboard/database';

export const MESSAGE_KINDS = ['message', 'answer', 'handoff', 'offline', 'activity'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Citation {
  index: number;
  title: string;
  url: string | null;
}

/** A transcript line as the console shows it: the widget's shape plus notes, the agent and the raw metadata. */
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

export interface TicketView {
  id: string;
  status: TicketStatus;
  reason: HandoffReason;
  summary: string;
  conversationId: string;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  assignee: { id: string; name: string } | null;
  contact: { name: string | null; email: string | null };
  inbox: { name: string; channel: ChannelType };
  lastMessage: { content: string; author: MessageAuthor; createdAt: string } | null;
  confidence: number | null;
  confidenceTrace: Record<string, unknown>;
  sources: Array<{ documentId: string; title: string; url: string | null }>;
}

export interface ConversationView {
  id: string;
  owner: ConversationOwner;
  assigneeId: string | null;
  inbox: { id: string; name: string; channel: ChannelType };
  contact: { id: string; name: string | null; email: string | null };
  createdAt: string;
}

export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: Agent['role'];
  availability: Agent['availability'];
}

export function toAgentView(agent: Agent): AgentView {
  return { id: agent.id, name: agent.name, email: agent.email, role: agent.role, availability: agent.availability };
}

export function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The citations the answer stored in metadata.citations; malformed entries are dropped. */
export function citationsOf(metadata: Record<string, unknown>): Citation[] {
  const raw = metadata.citations;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): Citation[] => {
    if (!isRecord(item)) return [];
    const index = finiteNumber(item.index);
    if (index === null || typeof item.title !== 'string') return [];
    return [{ index, title: item.title, url: typeof item.url === 'string' ? item.url : null }];
  });
}

export function kindOf(message: Pick<Message, 'direction' | 'author' | 'metadata'>): MessageKind {
  const stored = message.metadata.kind;
  if (typeof stored === 'string' && (MESSAGE_KINDS as readonly string[]).includes(stored)) return stored as MessageKind;
  return message.direction === 'activity' || message.author === 'system' ? 'activity' : 'message';
}

/** Message → ConsoleMessage; `agentNames` maps agent ids to names (loaded in one query by the caller). */
export function toConsoleMessage(message: Message, agentNames: ReadonlyMap<string, string>): ConsoleMessage {
  const metadata = isRecord(message.metadata) ? message.metadata : {};
  return {
    id: message.id,
    author: message.author,
    content: message.content,
    createdAt: message.createdAt.toISOString(),
    clientMessageId: message.clientMessageId,
    agentName: message.agentId ? (agentNames.get(message.agentId) ?? null) : null,
    kind: kindOf({ ...message, metadata }),
    citations: citationsOf(metadata),
    confidence: finiteNumber(metadata.confidence),
    collectEmail: metadata.collectEmail === true,
    private: message.private,
    agentId: message.agentId,
    metadata,
  };
}

export function sourcesOf(sources: unknown): TicketView['sources'] {
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((item): TicketView['sources'] => {
    if (!isRecord(item) || typeof item.documentId !== 'string') return [];
    return [
      {
        documentId: item.documentId,
        title: typeof item.title === 'string' ? item.title : '',
        url: typeof item.url === 'string' ? item.url : null,
      },
    ];
  });
}
