import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { AgentsService, ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { Agent, WorkspaceId } from '@switchboard/database';
import { CreateAgentDto, UpdateAgentDto } from './dto/agent.dto';
import { AgentResponse } from './dto/agent.response';
import { foundOr404 } from '../http/found-or-404';

@ApiTags('agents')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Audited('agent.created')
  @Post()
  @ApiCreatedResponse({ type: AgentResponse })
  @ApiOperation({ summary: 'Add an agent or admin to the workspace.' })
  create(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateAgentDto): Promise<Agent> {
    return this.agents.create(workspaceId, dto);
  }

  @Get()
  @ApiOkResponse({ type: [AgentResponse] })
  list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<Agent[]> {
    return this.agents.list(workspaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: AgentResponse })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<Agent> {
    return foundOr404(await this.agents.get(workspaceId, id), 'Agent');
  }

  @Audited('agent.role_changed', 'agent.password_reset', 'agent.updated')
  @Patch(':id')
  @ApiOkResponse({ type: AgentResponse })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateAgentDto,
  ): Promise<Agent> {
    return foundOr404(await this.agents.update(workspaceId, id, dto), 'Agent');
  }

  @Audited('agent.deleted')
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.agents.delete(workspaceId, id))) throw new NotFoundException('Agent not found');
  }
}
