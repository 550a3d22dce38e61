import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@switchboard/audit';
import { AgentSessionGuard, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import type { ConsoleResponse } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import type { Response } from 'express';
import { AuditEventsPageResponse } from '../audit/dto/audit-event.response';
import { AuditEventsQueryDto, AuditExportQueryDto, auditFilterOf } from '../audit/dto/audit-events-query.dto';
import { sendAuditExport } from '../audit/send-audit-export';

/** The audit log in the console (admins): the `/v1/audit-events` reads behind the agent's session. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Roles('admin')
@Controller('v1/console')
export class ConsoleAuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get('audit-events')
  @ApiOkResponse({ type: AuditEventsPageResponse })
  @ApiOperation({
    summary: "The workspace's audit log, newest first, filtered and paged as /v1/audit-events (admins).",
  })
  list(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: AuditEventsQueryDto,
  ): Promise<ConsoleResponse<'GET audit-events'>> {
    return this.audit.page(workspaceId, auditFilterOf(query));
  }

  @Get('audit-events/export')
  @ApiProduces('text/csv', 'application/jsonl')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Every matching event, oldest first, streamed.' })
  @ApiOperation({ summary: 'Download the audit log (same filters) as CSV or JSON Lines (admins).' })
  export(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: AuditExportQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    return sendAuditExport(response, this.audit, workspaceId, query);
  }
}
