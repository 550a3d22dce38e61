import { Module } from '@nestjs/common';
import { UnitOfWorkModule } from '@switchboard/database';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
import { InboxesService } from './inboxes.service';
import { WorkspacesService } from './workspaces.service';

@Module({
  // Re-exported: the libs above conversations run their use cases in the same units of work.
  imports: [UnitOfWorkModule],
  providers: [
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
  ],
  exports: [
    UnitOfWorkModule,
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
  ],
})
export class ConversationsModule {}
