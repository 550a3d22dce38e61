import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AgentRole } from '@switchboard/database';
import { AgentRequest } from './agent-session.guard';

const ROLES = 'switchboard:roles';

/** The roles allowed on a console route; routes without it are open to every signed-in agent. */
export const Roles = (...roles: AgentRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/** Runs after AgentSessionGuard: an agent whose role is not listed gets 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<AgentRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const agent = context.switchToHttp().getRequest<AgentRequest>().agent;
    if (!agent) throw new ForbiddenException('Sign in to the console');
    if (!roles.includes(agent.role)) throw new ForbiddenException(`Only ${roles.join(' or ')}s may do this`);
    return true;
  }
}
