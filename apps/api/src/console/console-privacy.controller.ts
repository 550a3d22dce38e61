import { Body, Controller, Delete, Get, Param, Patch, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentAgent, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse, ContactErasureView } from '@switchboard/contracts';
import { WorkspacesService } from '@switchboard/conversations';
import type { Agent, ContactErasure, WorkspaceId } from '@switchboard/database';
import { ContactPrivacyService } from '@switchboard/privacy';
import type { Response } from 'express';
import { ContactExportResponse, sendContactExport } from '../contacts/contact-privacy.responses';
import { foundOr404 } from '../http/found-or-404';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { RetentionDto } from './dto/privacy.dto';
import { ContactErasureEnvelopeResponse, PrivacyViewResponse } from './dto/privacy.response';

function toErasureView(
  record: Pick<ContactErasure, 'id' | 'counts' | 'requestedBy' | 'createdAt'>,
): ContactErasureView {
  return {
    id: record.id,
    counts: record.counts,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt.toISOString(),
  };
}

/** Privacy in the console (admins): the retention period, and a contact's export and erasure. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Roles('admin')
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console')
export class ConsolePrivacyController {
  constructor(
    private readonly privacy: ContactPrivacyService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Get('privacy')
  @ApiOkResponse({ type: PrivacyViewResponse })
  @ApiOperation({ summary: 'The retention period and the erasures made, newest first (admins).' })
  overview(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET privacy'>> {
    return this.view(workspaceId);
  }

  @Patch('privacy')
  @Audited('workspace.settings_changed')
  @ApiOkResponse({ type: PrivacyViewResponse })
  @ApiOperation({ summary: 'Set the retention period in days, or null to keep conversations forever (admins).' })
  async setRetention(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: RetentionDto,
  ): Promise<ConsoleResponse<'PATCH privacy'>> {
    foundOr404(await this.workspaces.updateSettings(workspaceId, { retentionDays: dto.retentionDays }), 'Workspace');
    return this.view(workspaceId);
  }

  @Get('contacts/:id/export')
  @ApiProduces('application/json')
  @ApiOkResponse({ type: ContactExportResponse, description: 'A JSON download: one section per kind of data held.' })
  @ApiOperation({ summary: 'Everything held about the contact, as a JSON download (admins).' })
  async exportContact(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendContactExport(response, foundOr404(await this.privacy.exportContact(workspaceId, id), 'Contact'));
  }

  @Delete('contacts/:id')
  @Audited('contact.erased')
  @ApiOkResponse({ type: ContactErasureEnvelopeResponse })
  @ApiOperation({ summary: 'Erase the contact and everything held about them (admins); 404 once erased.' })
  async eraseContact(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'DELETE contacts/:id'>> {
    const erased = foundOr404(await this.privacy.eraseContact(workspaceId, id, `agent:${agent.id}`), 'Contact');
    return {
      erasure: toErasureView({
        id: erased.erasureId,
        counts: erased.counts,
        requestedBy: `agent:${agent.id}`,
        createdAt: erased.erasedAt,
      }),
    };
  }

  private async view(workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET privacy'>> {
    const [settings, erasures] = await Promise.all([
      this.workspaces.settings(workspaceId),
      this.privacy.listErasures(workspaceId),
    ]);
    return { retentionDays: settings.retentionDays ?? null, erasures: erasures.map(toErasureView) };
  }
}
