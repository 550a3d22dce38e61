import { Module } from '@nestjs/common';
import { PendingActionPersonalDataService } from '@switchboard/actions';
import { AuditModule } from '@switchboard/audit';
import { AnswerPersonalDataService, AnswersModule } from '@switchboard/answers';
import {
  ChannelsModule,
  EmailAttachmentPersonalDataService,
  EmailBotLimitPersonalDataService,
} from '@switchboard/channels';
import { ConversationsModule, MessageAttachmentsService } from '@switchboard/conversations';
import { CsatModule, CsatService } from '@switchboard/csat';
import { FineTuningModule, FineTuningPersonalDataService } from '@switchboard/fine-tuning';
import { HandoffModule, TicketPersonalDataService } from '@switchboard/handoff';
import { LlmCallPersonalDataService, LlmModule } from '@switchboard/llm';
import { QueuedJobPersonalDataService } from '@switchboard/queue';
import { WebhookDeliveryPersonalDataService, WebhooksModule } from '@switchboard/webhooks';
import { ContactErasuresRepository } from './contact-erasures.repository';
import { ContactPrivacyService } from './contact-privacy.service';
import { attachmentsHolder } from './attachments-holder';
import { PERSONAL_DATA_HOLDERS, PersonalDataHolder, contactIdHolder, scopedHolder } from './personal-data-holder';
import { RetentionService } from './retention.service';

/**
 * The holders in erasure order. The conversations lib's
 * contact, conversations and messages are not in the list: ContactPrivacyService exports them first and erases them
 * last (the contact row is the last way to find the rest).
 */
function personalDataHolders(
  tickets: TicketPersonalDataService,
  answers: AnswerPersonalDataService,
  llmCalls: LlmCallPersonalDataService,
  pendingActions: PendingActionPersonalDataService,
  webhooks: WebhookDeliveryPersonalDataService,
  jobs: QueuedJobPersonalDataService,
  datasets: FineTuningPersonalDataService,
  emailBotLimit: EmailBotLimitPersonalDataService,
  emailAttachments: EmailAttachmentPersonalDataService,
  widgetAttachments: MessageAttachmentsService,
  csatRatings: CsatService,
): PersonalDataHolder[] {
  return [
    scopedHolder('tickets', tickets),
    scopedHolder('answerTraces', answers),
    scopedHolder('llmCalls', llmCalls),
    scopedHolder('pendingActions', pendingActions),
    scopedHolder('webhookDeliveries', webhooks),
    scopedHolder('queuedJobs', jobs),
    scopedHolder('fineTuningDatasets', datasets),
    scopedHolder('emailBotLimit', emailBotLimit),
    {
      ...scopedHolder('emailAttachments', emailAttachments),
      eraseExpired: (expired) => emailAttachments.eraseEntries(expired.workspaceId, expired.attachments),
    },
    attachmentsHolder('widgetAttachments', widgetAttachments),
    // Retention needs nothing here: a rating goes with its conversation (ON DELETE CASCADE).
    contactIdHolder('csatRatings', csatRatings),
  ];
}

/**
 * A contact's export and erasure across every lib that holds their data, and the retention period's deletions.
 * Needs ConfigModule, DatabaseModule, QueueModule and EventEmitterModule.
 */
@Module({
  imports: [
    ConversationsModule,
    ChannelsModule,
    HandoffModule,
    AnswersModule,
    LlmModule,
    WebhooksModule,
    FineTuningModule,
    CsatModule,
    AuditModule,
  ],
  providers: [
    ContactErasuresRepository,
    ContactPrivacyService,
    RetentionService,
    {
      provide: PERSONAL_DATA_HOLDERS,
      inject: [
        TicketPersonalDataService,
        AnswerPersonalDataService,
        LlmCallPersonalDataService,
        PendingActionPersonalDataService,
        WebhookDeliveryPersonalDataService,
        QueuedJobPersonalDataService,
        FineTuningPersonalDataService,
        EmailBotLimitPersonalDataService,
        EmailAttachmentPersonalDataService,
        MessageAttachmentsService,
        CsatService,
      ],
      useFactory: personalDataHolders,
    },
  ],
  exports: [ContactPrivacyService, RetentionService],
})
export class PrivacyModule {}
