import { Module } from '@nestjs/common';
import { AuditModule } from '@switchboard/audit';
import { ConversationsModule } from '@switchboard/conversations';
import { AdminTokenGuard } from './admin-token.guard';
import { AgentSessionGuard } from './agent-session.guard';
import { AgentSessionsRepository } from './agent-sessions.repository';
import { AgentSessionsService } from './agent-sessions.service';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { RateLimiter } from './rate-limiter';
import { RolesGuard } from './roles.guard';
import { WorkspaceProvisioningService } from './workspace-provisioning.service';

const SHARED = [
  ApiKeysService,
  AgentsService,
  AgentSessionsService,
  WorkspaceProvisioningService,
  AdminTokenGuard,
  ApiKeyGuard,
  AgentSessionGuard,
  RolesGuard,
  RateLimiter,
];

const REPOSITORIES = [AgentsRepository, AgentSessionsRepository, ApiKeysRepository];

@Module({
  imports: [ConversationsModule, AuditModule],
  providers: [...REPOSITORIES, ...SHARED],
  exports: SHARED,
})
export class AuthModule {}
