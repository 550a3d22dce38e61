import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { Request } from 'express';
import { ApiKeysService } from './api-keys.service';
import { bearerToken } from './bearer-token';

export interface WorkspaceRequest extends Request {
  workspaceId?: WorkspaceId;
  apiKeyId?: string;
  /** The key's name and prefix, as the audit log shows who acted. */
  apiKeyDisplay?: string;
}

/** Workspace administration needs one of the workspace's API keys; the key decides the tenant. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WorkspaceRequest>();
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedException('Missing API key: send Authorization: Bearer <workspace API key>');
    const resolved = await this.apiKeys.resolve(token);
    if (!resolved) throw new UnauthorizedException('Invalid or revoked API key');
    request.workspaceId = resolved.workspaceId;
    request.apiKeyId = resolved.keyId;
    request.apiKeyDisplay = resolved.display;
    return true;
  }
}
