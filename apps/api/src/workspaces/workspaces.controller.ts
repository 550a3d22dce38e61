import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { AdminTokenGuard, WorkspaceProvisioningService } from '@switchboard/auth';
import { WorkspacesService } from '@switchboard/conversations';
import type { Workspace } from '@switchboard/database';
import { PaginationQueryDto } from '../http/pagination.dto';
import { CreateWorkspaceDto } from './dto/create-workspace.dto';
import { withEffectiveSettings } from './effective-settings';
import { ProvisionedWorkspaceResponse, WorkspaceResponse } from './dto/workspace.response';

/** Instance administration: needs the admin token. */
@ApiTags('instance admin')
@ApiBearerAuth('admin-token')
@UseGuards(AdminTokenGuard)
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(
    private readonly provisioning: WorkspaceProvisioningService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Audited('workspace.created', 'api_key.created', 'agent.created')
  @Post()
  @ApiCreatedResponse({ type: ProvisionedWorkspaceResponse })
  @ApiOperation({
    summary:
      'Create a workspace; returns it with its first API key (shown once), its first admin agent if `admin` was ' +
      'given, and `warnings` (e.g. that it has no agent yet).',
  })
  create(@Body() dto: CreateWorkspaceDto) {
    return this.provisioning.provision(dto.name, dto.settings, dto.admin);
  }

  @Get()
  @ApiOkResponse({ type: [WorkspaceResponse] })
  @ApiOperation({ summary: 'List workspaces.' })
  async list(@Query() page: PaginationQueryDto): Promise<Workspace[]> {
    return (await this.workspaces.list(page.limit, page.offset)).map(withEffectiveSettings);
  }
}
