// Every migration, in order. A migration is generated from the entities (npm run migration:generate),
// added here, and never edited once it has landed.
import { MigrationInterface } from 'typeorm';
import { InitialSchema1795752619957 } from './1795752619957-InitialSchema';
import { KnowledgeIngestion1795753122313 } from './1795753122313-KnowledgeIngestion';
import { LlmCallLog1795754761229 } from './1795754761229-LlmCallLog';
import { AgentConsole1795761204138 } from './1795761204138-AgentConsole';
import { AgentPresenceAndTicketResolution1795800000000 } from './1795800000000-AgentPresenceAndTicketResolution';
import { VisitorTokenGeneration1796515073363 } from './1796515073363-VisitorTokenGeneration';
import { MessageColumnsAndSlackTicketThreads1796525892650 } from './1796525892650-MessageColumnsAndSlackTicketThreads';
import { ActionDefinitions1796547678578 } from './1796547678578-ActionDefinitions';
import { PendingActionsAndTraceRoutes1796556672345 } from './1796556672345-PendingActionsAndTraceRoutes';
import { FineTuning1796558059221 } from './1796558059221-FineTuning';
import { TicketLabelsAndTeams1796558759713 } from './1796558759713-TicketLabelsAndTeams';
import { OutboundWebhooks1796558953236 } from './1796558953236-OutboundWebhooks';
import { MessageSearchVector1796566914938 } from './1796566914938-MessageSearchVector';
import { CsatRatings1796566940540 } from './1796566940540-CsatRatings';
import { MessageAttachments1796566945556 } from './1796566945556-MessageAttachments';
import { AuditEvents1796566989716 } from './1796566989716-AuditEvents';
import { ContactErasuresAndRetention1796567192219 } from './1796567192219-ContactErasuresAndRetention';
import { ConversationRatingRequestedAt1796569982775 } from './1796569982775-ConversationRatingRequestedAt';

export const MIGRATIONS: Array<new () => MigrationInterface> = [
  InitialSchema1795752619957,
  KnowledgeIngestion1795753122313,
  LlmCallLog1795754761229,
  AgentConsole1795761204138,
  AgentPresenceAndTicketResolution1795800000000,
  VisitorTokenGeneration1796515073363,
  MessageColumnsAndSlackTicketThreads1796525892650,
  ActionDefinitions1796547678578,
  PendingActionsAndTraceRoutes1796556672345,
  FineTuning1796558059221,
  TicketLabelsAndTeams1796558759713,
  OutboundWebhooks1796558953236,
  MessageSearchVector1796566914938,
  CsatRatings1796566940540,
  MessageAttachments1796566945556,
  AuditEvents1796566989716,
  ContactErasuresAndRetention1796567192219,
  ConversationRatingRequestedAt1796569982775,
];
