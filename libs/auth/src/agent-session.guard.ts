import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Agent } from '@switchboard/database';
import { AgentSessionsService } from './agent-sessions.service';
import { WorkspaceRequest } from './api-key.guard';
import { bearerToken } from './bearer-token';

export interface AgentRequest extends WorkspaceRequest {
  agent?: Agent;
  agentSessionId?: string;
  agentSessionExpiresAt?: Date;
}

const QUERY_TOKEN = 'switchboard:session-query-token';

/** Lets a route take the session token as `?token=` too: EventSource cannot send headers. */
export const AllowQueryToken = (): MethodDecorator & ClassDecorator => SetMetadata(QUERY_TOKEN, true);

/** Console routes need `Authorization: Bearer sbs_...`; the session decides the agent and the tenant. */
@Injectable()
export class AgentSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AgentRequest>();
    const token = bearerToken(request) ?? this.queryToken(context, request);
    if (!token) throw new UnauthorizedException('Sign in to the console: send Authorization: Bearer <session token>');
    const session = await this.sessions.authenticate(token);
    if (!session) throw new UnauthorizedException('Your session has expired or is invalid: sign in again');
    request.agent = session.agent;
    request.workspaceId = session.workspaceId;
    request.agentSessionId = session.sessionId;
    request.agentSessionExpiresAt = session.expiresAt;
    return true;
  }

  private queryToken(context: ExecutionContext, request: AgentRequest): string | undefined {
    const allowed = this.reflector.getAllAndOverride<boolean | undefined>(QUERY_TOKEN, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed) return undefined;
    const token = request.query?.token;
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  }
}
