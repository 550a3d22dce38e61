import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { AuditEventsPage } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import type { Response } from 'express';
import { AuditEventsPageResponse } from './dto/audit-event.response';
import { AuditEventsQueryDto, AuditExportQueryDto, auditFilterOf } from './dto/audit-events-query.dto';
import { sendAuditExport } from './send-audit-export';

/** The workspace's audit log: every change to its configuration or access, who made it, from where, and the diff. */
@ApiTags('audit log')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOkResponse({ type: AuditEventsPageResponse })
  @ApiOperation({ summary: 'Audit events, newest first, filtered by action, actor, target and time; paged by cursor.' })
  list(@CurrentWorkspace() workspaceId: WorkspaceId, @Query() query: AuditEventsQueryDto): Promise<AuditEventsPage> {
    return this.audit.page(workspaceId, auditFilterOf(query));
  }

  @Get('export')
  @ApiProduces('text/csv', 'application/jsonl')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Every matching event, oldest first, streamed.' })
  @ApiOperation({ summary: 'Export the audit log (same filters) as CSV or JSON Lines.' })
  export(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: AuditExportQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    return sendAuditExport(response, this.audit, workspaceId, query);
  }
}
