import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Request } from 'express';
import { bearerToken } from './bearer-token';
import { secretsEqual } from './secret-compare';

/** Instance administration (creating workspaces) needs SWITCHBOARD_ADMIN_TOKEN. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { adminToken?: boolean }>();
    const token = bearerToken(request);
    if (!token)
      throw new UnauthorizedException('Missing admin token: send Authorization: Bearer <SWITCHBOARD_ADMIN_TOKEN>');
    if (!this.config.adminToken || !secretsEqual(token, this.config.adminToken)) {
      throw new UnauthorizedException('Invalid admin token');
    }
    request.adminToken = true;
    return true;
  }
}
