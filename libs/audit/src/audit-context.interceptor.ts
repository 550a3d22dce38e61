import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Agent } from '@switchboard/database';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import { AuditActor, AuditContext, runWithAuditContext } from './audit-context';
import { AUDITED } from './audited.decorator';

/** What the api's guards leave on a request (AgentSessionGuard, ApiKeyGuard, AdminTokenGuard). */
export interface AuditedRequest extends Request {
  agent?: Agent;
  apiKeyId?: string;
  apiKeyDisplay?: string;
  adminToken?: boolean;
}

/**
 * Runs each authenticated HTTP handler inside an audit context (actor from what the guards resolved, IP as Express
 * reports it), so a service that records a change needs no request in its signature. On an @Audited route, a
 * successful call that recorded nothing is logged as an error: a change went unaudited. Registered for the whole api.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditContextInterceptor.name);

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const actor = actorOf(request);
    if (!actor) return next.handle();
    const declared = this.reflector.getAllAndOverride<string[] | undefined>(AUDITED, [
      context.getHandler(),
      context.getClass(),
    ]);
    const audit: AuditContext = { actor, ip: request.ip ?? request.socket?.remoteAddress ?? null, recorded: [] };
    const handled = new Observable((subscriber) =>
      runWithAuditContext(audit, () => next.handle().subscribe(subscriber)),
    );
    if (!declared) return handled;
    return handled.pipe(tap({ complete: () => this.checkRecorded(request, declared, audit) }));
  }

  private checkRecorded(request: AuditedRequest, declared: string[], audit: AuditContext): void {
    if ((audit.recorded ?? []).length > 0) return;
    this.logger.error(
      `${request.method} ${request.path} succeeded without an audit event (expected one of ${declared.join(', ')})`,
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
