import { Module } from '@nestjs/common';
import { ConversationsModule } from '@switchboard/conversations';
import { AdminTokenGuard } from './admin-token.guard';
import { AgentsService } from './agents.service';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { WorkspaceProvisioningService } from './workspace-provisioning.service';

@Module({
  imports: [ConversationsModule],
  providers: [ApiKeysService, AgentsService, WorkspaceProvisioningService, AdminTokenGuard, ApiKeyGuard],
  exports: [ApiKeysService, AgentsService, WorkspaceProvisioningService, AdminTokenGuard, ApiKeyGuard],
})
export class AuthModule {}
