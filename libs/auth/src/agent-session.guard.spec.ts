import { Controller, Get, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Agent } from '@switchboard/database';
import { AgentRequest, AgentSessionGuard, AllowQueryToken } from './agent-session.guard';
import { AgentSessionsService, AuthenticatedSession } from './agent-sessions.service';

@Controller()
class RoutesForTest {
  @Get()
  plain(): void {}

  @Get('events')
  @AllowQueryToken()
  events(): void {}
}

const WORKSPACE = '00000000-0000-4000-8000-000000000001';
const agent = { id: '00000000-0000-4000-8000-000000000002', workspaceId: WORKSPACE, role: 'agent' } as Agent;
const session: AuthenticatedSession = {
  sessionId: '00000000-0000-4000-8000-000000000003',
  workspaceId: WORKSPACE as AuthenticatedSession['workspaceId'],
  agent,
  expiresAt: new Date(Date.now() + 3600_000),
};

describe('AgentSessionGuard', () => {
  const seen: string[] = [];
  const sessions = {
    authenticate: (token: string) => {
      seen.push(token);
      return Promise.resolve(token === 'sbs_good' ? session : null);
    },
  } as unknown as AgentSessionsService;
  const guard = new AgentSessionGuard(sessions, new Reflector());

  function context(handler: 'plain' | 'events', request: Partial<AgentRequest>): ExecutionContextHost {
    return new ExecutionContextHost([request, {}, () => undefined], RoutesForTest, RoutesForTest.prototype[handler]);
  }

  beforeEach(() => (seen.length = 0));

  it('loads the session behind a bearer token onto the request', async () => {
    const request = { headers: { authorization: 'Bearer sbs_good' }, query: {} } as unknown as AgentRequest;
    await expect(guard.canActivate(context('plain', request))).resolves.toBe(true);
    expect(request.agent).toBe(agent);
    expect(request.workspaceId).toBe(WORKSPACE);
    expect(request.agentSessionId).toBe(session.sessionId);
  });

  it('answers 401 without a token and for an unknown or expired one', async () => {
    const none = { headers: {}, query: {} } as unknown as AgentRequest;
    await expect(guard.canActivate(context('plain', none))).rejects.toThrow(UnauthorizedException);
    const bad = { headers: { authorization: 'Bearer sbs_expired' }, query: {} } as unknown as AgentRequest;
    await expect(guard.canActivate(context('plain', bad))).rejects.toThrow(UnauthorizedException);
    expect(bad.agent).toBeUndefined();
  });

  it('takes ?token= only on routes that allow it (the event stream)', async () => {
    const onPlain = { headers: {}, query: { token: 'sbs_good' } } as unknown as AgentRequest;
    await expect(guard.canActivate(context('plain', onPlain))).rejects.toThrow(UnauthorizedException);
    expect(seen).toEqual([]);
    const onEvents = { headers: {}, query: { token: 'sbs_good' } } as unknown as AgentRequest;
    await expect(guard.canActivate(context('events', onEvents))).resolves.toBe(true);
    expect(onEvents.agent).toBe(agent);
  });
});
