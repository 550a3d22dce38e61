import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import { WorkspacesService } from '@switchboard/conversations';
import type { Workspace, WorkspaceId } from '@switchboard/database';
import { UpdateWorkspaceDto } from './dto/create-workspace.dto';
import { WorkspaceSettingsDto } from './dto/workspace-settings.dto';
import { WorkspaceResponse } from './dto/workspace.response';
import { foundOr404 } from '../http/found-or-404';
import { withEffectiveSettings } from './effective-settings';

/** The workspace of the calling API key. */
@ApiTags('workspace')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/workspace')
export class WorkspaceController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiOkResponse({ type: WorkspaceResponse })
  @ApiOperation({ summary: 'The workspace this key manages, with its settings.' })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<Workspace> {
    return withEffectiveSettings(foundOr404(await this.workspaces.get(workspaceId), 'Workspace'));
  }

  @Audited('workspace.renamed')
  @Patch()
  @ApiOkResponse({ type: WorkspaceResponse })
  @ApiOperation({ summary: 'Rename the workspace.' })
  async rename(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: UpdateWorkspaceDto): Promise<Workspace> {
    return withEffectiveSettings(foundOr404(await this.workspaces.rename(workspaceId, dto.name), 'Workspace'));
  }

  @Audited('workspace.settings_changed')
  @Patch('settings')
  @ApiOkResponse({ type: WorkspaceResponse })
  @ApiOperation({ summary: 'Change settings: confidence threshold, handoff message, locale, time zone, assignment.' })
  async updateSettings(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: WorkspaceSettingsDto,
  ): Promise<Workspace> {
    return foundOr404(await this.workspaces.updateSettings(workspaceId, dto), 'Workspace');
  }
}
