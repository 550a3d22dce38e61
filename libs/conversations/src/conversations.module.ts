import { Module } from '@nestjs/common';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { CustomerMessageHooksRegistry, OutgoingMessageHooksRegistry } from './message-hooks.registry';
import { InboxesService } from './inboxes.service';
import { WorkspacesService } from './workspaces.service';

@Module({
  providers: [
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
  ],
  exports: [
    WorkspacesService,
    InboxesService,
    ConversationOwnershipService,
    ConversationMessagesService,
    CustomerMessageHooksRegistry,
    OutgoingMessageHooksRegistry,
  ],
})
export class ConversationsModule {}
