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
import { ActionDefinitionView, ActionDefinitionsService } from '@switchboard/actions';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { WorkspaceId } from '@switchboard/database';
import { foundOr404 } from '../http/found-or-404';
import { ActionsErrorsFilter } from './actions-errors.filter';
import { CreateActionDto, UpdateActionDto } from './dto/action.dto';
import { ActionResponse } from './dto/action.response';

/** The workspace's actions: HTTP calls the bot may make on the business's own API. */
@ApiTags('actions')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(ActionsErrorsFilter)
@Controller('v1/actions')
export class ActionsController {
  constructor(private readonly actions: ActionDefinitionsService) {}

  @Audited('action.created')
  @Post()
  @ApiCreatedResponse({ type: ActionResponse })
  @ApiOperation({ summary: "Declare an action on one of the workspace's action hosts; secrets are write-only." })
  create(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateActionDto): Promise<ActionDefinitionView> {
    return this.actions.create(workspaceId, dto);
  }

  @Get()
  @ApiOkResponse({ type: [ActionResponse] })
  list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ActionDefinitionView[]> {
    return this.actions.list(workspaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActionResponse })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<ActionDefinitionView> {
    return foundOr404(await this.actions.get(workspaceId, id), 'Action');
  }

  @Audited('action.updated')
  @Patch(':id')
  @ApiOkResponse({ type: ActionResponse })
  @ApiOperation({ summary: 'Change an action; a secret given replaces the one of its name, null removes it.' })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateActionDto,
  ): Promise<ActionDefinitionView> {
    return foundOr404(await this.actions.update(workspaceId, id, dto), 'Action');
  }

  @Audited('action.deleted')
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.actions.delete(workspaceId, id))) throw new NotFoundException('Action not found');
  }
}
