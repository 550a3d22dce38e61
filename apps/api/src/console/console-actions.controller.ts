import {
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Patch,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { ActionDefinitionsService } from '@switchboard/actions';
import { AgentSessionGuard, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import { ActionsErrorsFilter } from '../actions/actions-errors.filter';
import { CreateActionDto, UpdateActionDto } from '../actions/dto/action.dto';
import { foundOr404 } from '../http/found-or-404';
import { toActionView } from './console-views';
import { ActionEnvelopeResponse, ActionListResponse } from './dto/console.response';

/** The workspace's actions in the console (admins): the `/v1/actions` use cases behind the agent's session. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Roles('admin')
@UseFilters(ActionsErrorsFilter)
@Controller('v1/console')
export class ConsoleActionsController {
  constructor(private readonly actions: ActionDefinitionsService) {}

  @Get('actions')
  @ApiOkResponse({ type: ActionListResponse })
  @ApiOperation({ summary: "The workspace's actions (admins); secrets by name only." })
  listActions(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET actions'>> {
    return this.list(workspaceId);
  }

  @Audited('action.created')
  @Post('actions')
  @ApiCreatedResponse({ type: ActionEnvelopeResponse })
  @ApiOperation({ summary: 'Declare an action (admins); 400 names each field at fault, 409 when the name is taken.' })
  async createAction(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CreateActionDto,
  ): Promise<ConsoleResponse<'POST actions'>> {
    return { action: toActionView(await this.actions.create(workspaceId, dto)) };
  }

  @Audited('action.updated')
  @Patch('actions/:id')
  @ApiOkResponse({ type: ActionEnvelopeResponse })
  @ApiOperation({ summary: 'Change an action (admins); a secret left out keeps its value, null removes it.' })
  async updateAction(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateActionDto,
  ): Promise<ConsoleResponse<'PATCH actions/:id'>> {
    return { action: toActionView(foundOr404(await this.actions.update(workspaceId, id, dto), 'Action')) };
  }

  @Audited('action.deleted')
  @Delete('actions/:id')
  @ApiOkResponse({ type: ActionListResponse })
  @ApiOperation({ summary: 'Delete an action (admins).' })
  async deleteAction(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'DELETE actions/:id'>> {
    if (!(await this.actions.delete(workspaceId, id))) throw new NotFoundException('Action not found');
    return this.list(workspaceId);
  }

  private async list(workspaceId: WorkspaceId): Promise<{ actions: ConsoleResponse<'GET actions'>['actions'] }> {
    return { actions: (await this.actions.list(workspaceId)).map(toActionView) };
  }
}
