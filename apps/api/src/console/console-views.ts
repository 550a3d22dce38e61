import type { ActionDefinitionView } from '@switchboard/actions';
import type {
  ActionCallView,
  ActionConfirmation,
  ActionView,
  AgentView,
  ConsoleMessage,
  ConversationView,
  FineTuningExportView,
  FineTuningJobView,
  MessageFile,
  TicketView,
} from '@switchboard/contracts';
import type {
  Agent,
  Contact,
  Conversation,
  FineTuningExport,
  FineTuningJob,
  Inbox,
  Message,
} from '@switchboard/database';
import { toWidgetMessage } from '../widget/widget-message';

export function toAgentView(agent: Agent): AgentView {
  return { id: agent.id, name: agent.name, email: agent.email, role: agent.role, availability: agent.availability };
}

/** A conversation with the inbox it came in on and the contact it is with. */
export type ConversationWithParties = Conversation & { inbox: Inbox; contact: Contact };

export function hasParties(conversation: Conversation): conversation is ConversationWithParties {
  return !!conversation.inbox && !!conversation.contact;
}

export function toConversationView(conversation: ConversationWithParties): ConversationView {
  const { inbox, contact } = conversation;
  return {
    id: conversation.id,
    owner: conversation.owner,
    assigneeId: conversation.assigneeId,
    inbox: { id: inbox.id, name: inbox.name, channel: inbox.channel },
    contact: { id: contact.id, name: contact.name, email: contact.email },
    createdAt: conversation.createdAt.toISOString(),
  };
}

export function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Message → ConsoleMessage; `agentNames` maps agent ids to names (loaded in one query by the caller). */
export function toConsoleMessage(
  message: Message,
  agentNames: ReadonlyMap<string, string>,
  attachments?: readonly MessageFile[],
): ConsoleMessage {
  const metadata = isRecord(message.metadata) ? message.metadata : {};
  const agentName = message.agentId ? (agentNames.get(message.agentId) ?? null) : null;
  return {
    ...toWidgetMessage({ ...message, metadata }, agentName, attachments),
    private: message.private,
    agentId: message.agentId,
    metadata: { ...metadata, ...movedToColumns(message) },
    ...actionFieldsOf(metadata),
  };
}

/** The typed action calls and pending confirmation of a bot message's metadata; stored rows are read defensively. */
function actionFieldsOf(metadata: Record<string, unknown>): Pick<ConsoleMessage, 'actionCalls' | 'confirmation'> {
  const actionCalls = Array.isArray(metadata.actionCalls) ? metadata.actionCalls.flatMap(actionCallOf) : [];
  const confirmation = confirmationOf(metadata.confirmation);
  return {
    ...(actionCalls.length > 0 ? { actionCalls } : {}),
    confirmation,
  };
}

function actionCallOf(item: unknown): ActionCallView[] {
  if (!isRecord(item) || typeof item.action !== 'string' || typeof item.outcome !== 'string') return [];
  return [
    {
      action: item.action,
      arguments: isRecord(item.arguments) ? item.arguments : {},
      status: finiteNumber(item.status),
      latencyMs: finiteNumber(item.latencyMs) ?? 0,
      outcome: item.outcome,
      attempts: finiteNumber(item.attempts) ?? 0,
      responseExcerpt: typeof item.responseExcerpt === 'string' ? item.responseExcerpt : null,
    },
  ];
}

function confirmationOf(value: unknown): ActionConfirmation | null {
  if (!isRecord(value) || typeof value.action !== 'string') return null;
  const args = isRecord(value.arguments) ? value.arguments : {};
  return {
    action: value.action,
    arguments: Object.fromEntries(
      Object.entries(args).flatMap(([name, item]) => (typeof item === 'string' ? [[name, item]] : [])),
    ),
  };
}

/** An action as the console shows it: secret names only, never a value. */
export function toActionView(action: ActionDefinitionView): ActionView {
  return {
    id: action.id,
    name: action.name,
    description: action.description,
    method: action.method,
    url: action.url,
    parameters: { ...action.parameters },
    identity: action.identity,
    sideEffect: action.sideEffect,
    examples: action.examples,
    headers: action.headers,
    secretNames: action.secrets.map((secret) => secret.name),
    channels: action.channels,
    visibility: action.visibility,
    timeoutMs: action.timeoutMs,
    maxResponseBytes: action.maxResponseBytes,
    answerTemplate: action.answerTemplate,
    enabled: action.enabled,
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
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

/** An export as the console shows it: its files as the console's download paths. */
export function toFineTuningExportView(
  dataset: Pick<FineTuningExport, 'id' | 'seed' | 'report' | 'createdAt'>,
): FineTuningExportView {
  const base = `/v1/console/fine-tuning/exports/${dataset.id}`;
  return {
    id: dataset.id,
    seed: dataset.seed,
    report: dataset.report,
    files: { train: `${base}/train.jsonl`, validation: `${base}/validation.jsonl` },
    createdAt: dataset.createdAt.toISOString(),
  };
}

export function toFineTuningJobView(job: FineTuningJob): FineTuningJobView {
  return {
    id: job.id,
    exportId: job.exportId,
    task: job.task,
    baseModel: job.baseModel,
    status: job.status,
    fineTunedModel: job.fineTunedModel,
    error: job.error,
    activated: job.activated,
    events: job.events,
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
    createdAt: job.createdAt.toISOString(),
  };
}
