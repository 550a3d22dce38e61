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
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { Team, WorkspaceId } from '@switchboard/database';
import { TeamsService } from '@switchboard/handoff';
import { foundOr404 } from '../http/found-or-404';
import { CreateTeamDto, TeamResponse, UpdateTeamDto } from './dto/team.dto';
import { LabelErrorsFilter } from './label-errors.filter';

function toResponse(team: Team): TeamResponse {
  const { id, name, agentIds, topics, createdAt, updatedAt } = team;
  return { id, name, agentIds, topics, createdAt, updatedAt };
}

@ApiTags('teams')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(LabelErrorsFilter)
@Controller('v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Audited('team.created')
  @Post()
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiOperation({
    summary: "Add a team: the workspace's agents who take the tickets of some topics first (round-robin assignment).",
  })
  async create(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateTeamDto): Promise<TeamResponse> {
    return toResponse(await this.teams.create(workspaceId, dto));
  }

  @Get()
  @ApiOkResponse({ type: [TeamResponse] })
  async list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<TeamResponse[]> {
    return (await this.teams.list(workspaceId)).map(toResponse);
  }

  @Get(':id')
  @ApiOkResponse({ type: TeamResponse })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<TeamResponse> {
    return toResponse(foundOr404(await this.teams.get(workspaceId, id), 'Team'));
  }

  @Audited('team.updated')
  @Patch(':id')
  @ApiOkResponse({ type: TeamResponse })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateTeamDto,
  ): Promise<TeamResponse> {
    return toResponse(foundOr404(await this.teams.update(workspaceId, id, dto), 'Team'));
  }

  @Audited('team.deleted')
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.teams.delete(workspaceId, id))) throw new NotFoundException('Team not found');
  }
}
