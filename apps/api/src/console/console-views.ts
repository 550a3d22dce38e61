import type { AgentView, ConsoleMessage, TicketView } from '@switchboard/contracts';
import type { Agent, Message } from '@switchboard/database';
import { toWidgetMessage } from '../widget/widget-message';

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
    metadata: { ...metadata, ...movedToColumns(message) },
  };
}

/** The keys that moved from the metadata to columns, still shown in the console's raw metadata as before. */
function movedToColumns(message: Message): Record<string, unknown> {
  return {
    ...(message.author === 'bot' ? { kind: message.kind } : {}),
    ...(message.replyToMessageId ? { replyTo: message.replyToMessageId } : {}),
    ...(message.feedback ? { feedback: message.feedback } : {}),
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
