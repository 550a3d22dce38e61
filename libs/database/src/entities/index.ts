import { ActionDefinition } from './action-definition.entity';
import { PendingActionState } from './pending-action.entity';
import { Agent } from './agent.entity';
import { AgentSession } from './agent-session.entity';
import { AnswerTrace } from './answer-trace.entity';
import { ApiKey } from './api-key.entity';
import { CannedReply } from './canned-reply.entity';
import { Contact } from './contact.entity';
import { ContactInbox } from './contact-inbox.entity';
import { Conversation } from './conversation.entity';
import { Document } from './document.entity';
import { FineTuningExport } from './fine-tuning-export.entity';
import { FineTuningJob } from './fine-tuning-job.entity';
import { CachedEmbedding } from './cached-embedding.entity';
import { Inbox } from './inbox.entity';
import { LlmCall } from './llm-call.entity';
import { KnowledgeSource } from './knowledge-source.entity';
import { KnowledgeSync } from './knowledge-sync.entity';
import { Message } from './message.entity';
import { OutboxEntry } from './outbox-entry.entity';
import { SlackTicketThread } from './slack-ticket-thread.entity';
import { Team } from './team.entity';
import { Ticket } from './ticket.entity';
import { TicketLabelCorrection } from './ticket-label-correction.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { Workspace } from './workspace.entity';
import { MessageAttachment } from './message-attachment.entity';
import { AuditEvent } from './audit-event.entity';
import { CsatRating } from './csat-rating.entity';
import { ContactErasure } from './contact-erasure.entity';

export * from './action-definition.entity';
export * from './pending-action.entity';
export * from './agent.entity';
export * from './agent-session.entity';
export * from './answer-trace.entity';
export * from './api-key.entity';
export * from './canned-reply.entity';
export * from './contact.entity';
export * from './contact-inbox.entity';
export * from './conversation.entity';
export * from './document.entity';
export * from './fine-tuning-export.entity';
export * from './fine-tuning-job.entity';
export * from './cached-embedding.entity';
export * from './inbox.entity';
export * from './llm-call.entity';
export * from './knowledge-source.entity';
export * from './knowledge-sync.entity';
export * from './message.entity';
export * from './message-metadata';
export * from './outbox-entry.entity';
export * from './slack-ticket-thread.entity';
export * from './tenant-columns';
export * from './team.entity';
export * from './ticket.entity';
export * from './ticket-label-correction.entity';
export * from './webhook-delivery.entity';
export * from './webhook-endpoint.entity';
export * from './workspace.entity';
export * from './message-attachment.entity';
export * from './audit-event.entity';
export * from './contact-erasure.entity';

export const ENTITIES = [
  Workspace,
  Inbox,
  Contact,
  ContactInbox,
  Conversation,
  Message,
  Ticket,
  KnowledgeSource,
  KnowledgeSync,
  Document,
  CachedEmbedding,
  AnswerTrace,
  LlmCall,
  Agent,
  AgentSession,
  ApiKey,
  CannedReply,
  OutboxEntry,
  SlackTicketThread,
  ActionDefinition,
  PendingActionState,
  FineTuningExport,
  FineTuningJob,
  TicketLabelCorrection,
  Team,
  WebhookEndpoint,
  WebhookDelivery,
  MessageAttachment,
  AuditEvent,
  CsatRating,
  ContactErasure,
];
export * from './csat-rating.entity';
