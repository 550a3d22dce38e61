import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SupportReportResponse } from './dto/support-report.response';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import { WorkspaceId } from '@switchboard/database';
import { SupportReport, SupportReportsService } from '@switchboard/handoff';
import { ConsoleErrorsFilter } from '../console/console-errors.filter';
import { ReportQueryDto } from './dto/report-query.dto';

/** The console's support report for scripts and dashboards, with a workspace API key. */
@ApiTags('reports')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/workspace/reports')
export class SupportReportsController {
  constructor(private readonly reports: SupportReportsService) {}

  @Get('support')
  @ApiOkResponse({ type: SupportReportResponse })
  @ApiOperation({
    summary:
      'Conversations, bot answers, auto-resolution and handoff rates, handoffs by reason, median first response, feedback.',
  })
  support(@CurrentWorkspace() workspaceId: WorkspaceId, @Query() query: ReportQueryDto): Promise<SupportReport> {
    return this.reports.report(workspaceId, query.days);
  }
}
