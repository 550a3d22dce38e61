import { Controller, ForbiddenException, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Agent } from '@switchboard/database';
import { Roles, RolesGuard } from './roles.guard';

@Controller()
class RoutesForTest {
  @Get()
  open(): void {}

  @Get('reports')
  @Roles('admin')
  adminOnly(): void {}
}

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());
  const as = (role: Agent['role'] | null, handler: 'open' | 'adminOnly') =>
    new ExecutionContextHost(
      [{ agent: role ? ({ role } as Agent) : undefined }, {}, () => undefined],
      RoutesForTest,
      RoutesForTest.prototype[handler],
    );

  it('lets every signed-in agent through routes without roles', () => {
    expect(guard.canActivate(as('agent', 'open'))).toBe(true);
    expect(guard.canActivate(as('admin', 'open'))).toBe(true);
  });

  it('answers 403 to an agent on an admin-only route', () => {
    expect(guard.canActivate(as('admin', 'adminOnly'))).toBe(true);
    expect(() => guard.canActivate(as('agent', 'adminOnly'))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(as(null, 'adminOnly'))).toThrow(ForbiddenException);
  });
});
