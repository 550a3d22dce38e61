import { AuditModule } from '@switchboard/audit';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { UnitOfWorkModule } from '@switchboard/database';
import { KeyedBlobStore } from '@switchboard/storage';
import { resolve } from 'node:path';
import { MessageAttachmentsRepository } from './attachments/message-attachments.repository';
import {
  ATTACHMENT_BLOBS,
  ATTACHMENT_MAX_BYTES,
  MessageAttachmentsService,
} from './attachments/message-attachments.service';
import { ContactsRepository } from './contacts.repository';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { ConversationsRepository } from './conversations.repository';
import { InboxesRepository } from './inboxes.repository';
import { InboxesService } from './inboxes.service';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
import { MessagesRepository } from './messages.repository';
import { ConversationSearchRepository } from './search/conversation-search.repository';
import { ConversationSearchService } from './search/conversation-search.service';
import { ContactPersonalDataService } from './contact-personal-data.service';
import { TranscriptsService } from './transcripts.service';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';
import { RatingRequestsService } from './rating-requests.service';

/** The only TypeORM access to the lib's tables; other libs call its services. */
const REPOSITORIES = [
  WorkspacesRepository,
  InboxesRepository,
  ContactsRepository,
  ConversationsRepository,
  MessagesRepository,
  MessageAttachmentsRepository,
  ConversationSearchRepository,
];

@Module({
  // Re-exported: the libs above conversations run their use cases in the same units of work.
  imports: [UnitOfWorkModule, AuditModule],
  providers: [
    ...REPOSITORIES,
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
    TranscriptsService,
    MessageAttachmentsService,
    {
      provide: ATTACHMENT_BLOBS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new KeyedBlobStore(resolve(config.dataDir, 'attachments')),
    },
    {
      provide: ATTACHMENT_MAX_BYTES,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => config.widget.attachmentMaxBytes,
    },
    ConversationSearchService,
    ContactPersonalDataService,
    RatingRequestsService,
  ],
  exports: [
    UnitOfWorkModule,
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
    TranscriptsService,
    MessageAttachmentsService,
    ConversationSearchService,
    ContactPersonalDataService,
    RatingRequestsService,
  ],
})
export class ConversationsModule {}
