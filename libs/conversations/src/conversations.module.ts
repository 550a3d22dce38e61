import { Module } from '@nestjs/common';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { CustomerMessageHooksRegistry } from './customer-message-hooks.registry';
import { InboxesService } from './inboxes.service';
import { WorkspacesService } from './workspaces.service';

@Module({
  providers: [
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
  ],
  exports: [
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
  ],
})
export class ConversationsModule {}
