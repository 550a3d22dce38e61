import { Module } from '@nestjs/common';
import { ConversationOwnershipService } from './conversation-ownership.service';
import { InboxesService } from './inboxes.service';
import { WorkspacesService } from './workspaces.service';

@Module({
  providers: [WorkspacesService, InboxesService, ConversationOwnershipService],
  exports: [WorkspacesService, InboxesService, ConversationOwnershipService],
})
export class ConversationsModule {}
