import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentsService, ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { CsatReport } from '@switchboard/contracts';
import { CsatService } from '@switchboard/csat';
import { WorkspaceId } from '@switchboard/database';
import { ConsoleErrorsFilter } from '../console/console-errors.filter';
import { ReportQueryDto } from '../reports/dto/report-query.dto';
import { CsatReportResponse } from './dto/csat.response';

/** The console's CSAT report for scripts and dashboards, with a workspace API key. */
@ApiTags('reports')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/workspace/reports')
export class CsatReportsController {
  constructor(
    private readonly csat: CsatService,
    private readonly agents: AgentsService,
  ) {}

  @Get('csat')
  @ApiOkResponse({ type: CsatReportResponse })
  @ApiOperation({
    summary: 'Customer ratings (1–5): count, average and distribution overall, for the bot and by agent.',
  })
  csatReport(@CurrentWorkspace() workspaceId: WorkspaceId, @Query() query: ReportQueryDto): Promise<CsatReport> {
    return this.csat.report(workspaceId, query.days, (ids) => this.agents.names(workspaceId, ids));
  }
}
