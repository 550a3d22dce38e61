import { CallHandler, ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, Observable } from 'rxjs';
import { AuditContext, currentAuditContext } from './audit-context';
import { AuditContextInterceptor, AuditedRequest } from './audit-context.interceptor';
import { Audited } from './audited.decorator';

class Routes {
  @Audited('team.created')
  create(): void {}

  plain(): void {}
}

function httpContext(request: Partial<AuditedRequest>, handler: keyof Routes): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', path: '/v1/teams', ...request }) }),
  } as unknown as ExecutionContext;
}

/** A handler that reads the audit context it runs in and records `actions` into it, as AuditLog.record does. */
function handler(seen: Array<AuditContext | undefined>, actions: string[]): CallHandler {
  return {
    handle: () =>
      new Observable((subscriber) => {
        const context = currentAuditContext();
        seen.push(context);
        context?.recorded?.push(...actions);
        subscriber.next('done');
        subscriber.complete();
      }),
  };
}

describe('AuditContextInterceptor', () => {
  const interceptor = new AuditContextInterceptor(new Reflector());
  let logged: jest.SpyInstance;

  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it('runs the handler with the actor the guards resolved and the request IP', async () => {
    const seen: Array<AuditContext | undefined> = [];
    const request = { apiKeyId: 'k1', apiKeyDisplay: 'CI (sb_abc…)', ip: '203.0.113.4' };
    await lastValueFrom(interceptor.intercept(httpContext(request, 'plain'), handler(seen, [])));
    expect(seen[0]).toMatchObject({ actor: { type: 'api_key', id: 'k1', display: 'CI (sb_abc…)' }, ip: '203.0.113.4' });
    const agent = { id: 'a1', name: 'Ana', email: 'ana@example.test' } as AuditedRequest['agent'];
    await lastValueFrom(interceptor.intercept(httpContext({ agent, ip: '::1' }, 'plain'), handler(seen, [])));
    expect(seen[1]?.actor).toEqual({ type: 'agent', id: 'a1', display: 'Ana <ana@example.test>' });
    await lastValueFrom(interceptor.intercept(httpContext({ adminToken: true }, 'plain'), handler(seen, [])));
    expect(seen[2]?.actor.type).toBe('admin_token');
  });

  it('leaves unauthenticated requests without a context', async () => {
    const seen: Array<AuditContext | undefined> = [];
    await lastValueFrom(interceptor.intercept(httpContext({}, 'plain'), handler(seen, [])));
    expect(seen).toEqual([undefined]);
  });

  it('logs an error when an @Audited route succeeds without recording, and nothing when it records', async () => {
    const seen: Array<AuditContext | undefined> = [];
    await lastValueFrom(
      interceptor.intercept(httpContext({ apiKeyId: 'k1' }, 'create'), handler(seen, ['team.created'])),
    );
    expect(logged).not.toHaveBeenCalled();
    await lastValueFrom(interceptor.intercept(httpContext({ apiKeyId: 'k1' }, 'create'), handler(seen, [])));
    expect(logged).toHaveBeenCalledWith(
      'POST /v1/teams succeeded without an audit event (expected one of team.created)',
    );
  });
});
