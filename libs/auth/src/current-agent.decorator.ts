import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Agent } from '@switchboard/database';
import { AgentRequest } from './agent-session.guard';

function requestOf(context: ExecutionContext): AgentRequest {
  return context.switchToHttp().getRequest<AgentRequest>();
}

/** The signed-in agent; use only behind AgentSessionGuard. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): Agent => {
  const agent = requestOf(context).agent;
  if (!agent) throw new Error('CurrentAgent used on a route without AgentSessionGuard');
  return agent;
});

/** The id of the current console session (for sign-out); use only behind AgentSessionGuard. */
export const CurrentSessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const sessionId = requestOf(context).agentSessionId;
  if (!sessionId) throw new Error('CurrentSessionId used on a route without AgentSessionGuard');
  return sessionId;
});
