import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Agent } from '@switchboard/database';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { AuditActor, runWithAuditContext } from './audit-context';

/** What the api's guards leave on a request (AgentSessionGuard, ApiKeyGuard, AdminTokenGuard). */
export interface AuditedRequest extends Request {
  agent?: Agent;
  apiKeyId?: string;
  apiKeyDisplay?: string;
  adminToken?: boolean;
}

/**
 * Runs each authenticated HTTP handler inside an audit context (actor from what the guards resolved, IP as Express
 * reports it), so a service that records a change needs no request in its signature. Registered for the whole api.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const actor = actorOf(request);
    if (!actor) return next.handle();
    const ip = request.ip ?? request.socket?.remoteAddress ?? null;
    return new Observable((subscriber) =>
      runWithAuditContext({ actor, ip }, () => next.handle().subscribe(subscriber)),
    );
  }
}

function actorOf(request: AuditedRequest): AuditActor | null {
  if (request.agent) {
    return { type: 'agent', id: request.agent.id, display: `${request.agent.name} <${request.agent.email}>` };
  }
  if (request.apiKeyId) {
    return { type: 'api_key', id: request.apiKeyId, display: request.apiKeyDisplay ?? 'API key' };
  }
  if (request.adminToken) return { type: 'admin_token', id: null, display: 'Instance admin token' };
  return null;
}
