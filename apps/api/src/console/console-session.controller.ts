import {
  Body,
  Controller,
  Get,
  HttpCode,
  Patch,
  Post,
  Req,
  UnauthorizedException,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResponse, MeResponse } from './dto/console.response';
import {
  AgentSessionGuard,
  AgentSessionsService,
  CurrentAgent,
  CurrentSessionId,
  CurrentWorkspace,
  SignedInAgent,
} from '@switchboard/auth';
import { NotAudited } from '@switchboard/audit';
import { ConsoleIdentity, ConsoleResponse } from '@switchboard/contracts';
import type { Agent, WorkspaceId } from '@switchboard/database';
import { Request } from 'express';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { toAgentView } from './console-views';
import { LoginDto, UpdateMeDto } from './dto/session.dto';

function toMe(signedIn: SignedInAgent | null): ConsoleIdentity {
  if (!signedIn) throw new UnauthorizedException('Your session has expired or is invalid: sign in again');
  return { agent: toAgentView(signedIn.agent), workspace: signedIn.workspace };
}

@ApiTags('console')
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console')
export class ConsoleSessionController {
  constructor(private readonly sessions: AgentSessionsService) {}

  @NotAudited('signing in and out changes no configuration')
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiOperation({ summary: 'Sign in with e-mail and password; returns a bearer session token.' })
  async login(@Body() dto: LoginDto, @Req() request: Request): Promise<ConsoleResponse<'POST login'>> {
    const session = await this.sessions.login({ ...dto, ip: request.ip ?? 'unknown' });
    return {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      ...toMe(session),
    };
  }

  @NotAudited('signing in and out changes no configuration')
  @Post('logout')
  @HttpCode(204)
  @UseGuards(AgentSessionGuard)
  @ApiOperation({ summary: 'End this session.' })
  logout(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentSessionId() sessionId: string,
    @CurrentAgent() agent: Agent,
  ): Promise<ConsoleResponse<'POST logout'>> {
    return this.sessions.logout(workspaceId, sessionId, agent.id);
  }

  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  @UseGuards(AgentSessionGuard)
  @ApiOperation({ summary: 'The signed-in agent and workspace.' })
  async me(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
  ): Promise<ConsoleResponse<'GET me'>> {
    return toMe(await this.sessions.profile(workspaceId, agent.id));
  }

  @NotAudited("an agent's own availability, not configuration")
  @Patch('me')
  @ApiOkResponse({ type: MeResponse })
  @UseGuards(AgentSessionGuard)
  @ApiOperation({ summary: 'Set availability: online agents receive round-robin tickets.' })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Body() dto: UpdateMeDto,
  ): Promise<ConsoleResponse<'PATCH me'>> {
    return toMe(await this.sessions.setAvailability(workspaceId, agent.id, dto.availability));
  }
}
