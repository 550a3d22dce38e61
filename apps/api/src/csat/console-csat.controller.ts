import { Controller, Get, Param, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentSessionGuard, AgentsService, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import { CsatService } from '@switchboard/csat';
import type { WorkspaceId } from '@switchboard/database';
import { ConsoleErrorsFilter } from '../console/console-errors.filter';
import { ReportQueryDto } from '../reports/dto/report-query.dto';
import { toCsatRatingView } from './csat-views';
import { CsatRatingEnvelopeResponse, CsatReportResponse } from './dto/csat.response';

/** CSAT in the console: a conversation's rating beside its transcript, and the CSAT part of the support report. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console')
export class ConsoleCsatController {
  constructor(
    private readonly csat: CsatService,
    private readonly agents: AgentsService,
  ) {}

  @Get('conversations/:id/csat')
  @ApiOkResponse({ type: CsatRatingEnvelopeResponse })
  @ApiOperation({ summary: "The customer's rating of the conversation (1–5 and comment), or null." })
  async rating(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'GET conversations/:id/csat'>> {
    const rating = await this.csat.ratingOf(workspaceId, id);
    return { rating: rating ? toCsatRatingView(rating) : null };
  }

  @Get('reports/csat')
  @ApiOkResponse({ type: CsatReportResponse })
  @Roles('admin')
  @ApiOperation({ summary: 'CSAT over the last `days` days: overall, the bot, and by resolving agent (admins).' })
  report(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: ReportQueryDto,
  ): Promise<ConsoleResponse<'GET reports/csat'>> {
    return this.csat.report(workspaceId, query.days, (ids) => this.agents.names(workspaceId, ids));
  }
}
