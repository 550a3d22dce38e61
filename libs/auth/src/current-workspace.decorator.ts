import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { WorkspaceRequest } from './api-key.guard';

/** The workspace of the authenticated API key; use only behind ApiKeyGuard. */
export const CurrentWorkspace = createParamDecorator((_data: unknown, context: ExecutionContext): WorkspaceId =>
  asWorkspaceId(context.switchToHttp().getRequest<WorkspaceRequest>().workspaceId),
);
