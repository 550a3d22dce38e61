import { Module } from '@nestjs/common';
import { UnitOfWorkModule } from '@switchboard/database';
import { ContactsRepository } from './contacts.repository';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { ConversationsRepository } from './conversations.repository';
import { InboxesRepository } from './inboxes.repository';
import { InboxesService } from './inboxes.service';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
import { MessagesRepository } from './messages.repository';
import { ContactPersonalDataService } from './contact-personal-data.service';
import { TranscriptsService } from './transcripts.service';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

/** The only TypeORM access to the lib's tables; other libs call its services. */
const REPOSITORIES = [
  WorkspacesRepository,
  InboxesRepository,
  ContactsRepository,
  ConversationsRepository,
  MessagesRepository,
];

@Module({
  // Re-exported: the libs above conversations run their use cases in the same units of work.
  imports: [UnitOfWorkModule],
  providers: [
    ...REPOSITORIES,
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
    TranscriptsService,
    ContactPersonalDataService,
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
    ContactPersonalDataService,
  ],
})
export class ConversationsModule {}
