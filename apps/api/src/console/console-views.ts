import {
  Agent,
  ChannelType,
  ConversationOwner,
  HandoffReason,
  Message,
  MessageAuthor,
  TicketResolution,
  TicketStatus,
} from '@switchboard/database';
import { WidgetMessage, toWidgetMessage } from '../widget/widget-message';

/** A transcript line as the console shows it: the widget's shape plus notes, the agent and the raw metadata. */
export interface ConsoleMessage extends WidgetMessage {
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
  /** How a resolved ticket ended (`handed_back`: the bot answers again); null while it is active. */
  resolution: TicketResolution | null;
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

/** Message → ConsoleMessage; `agentNames` maps agent ids to names (loaded in one query by the caller). */
export function toConsoleMessage(message: Message, agentNames: ReadonlyMap<string, string>): ConsoleMessage {
  const metadata = isRecord(message.metadata) ? message.metadata : {};
  const agentName = message.agentId ? (agentNames.get(message.agentId) ?? null) : null;
  return {
    ...toWidgetMessage({ ...message, metadata }, agentName),
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
