import {
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SupportReportResponse } from '../reports/dto/support-report.response';
import { AgentListResponse, CannedReplyCreatedResponse, CannedReplyListResponse } from './dto/console.response';
import { Audited } from '@switchboard/audit';
import { AgentSessionGuard, AgentsService, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { CannedReply as CannedReplyView, ConsoleResponse } from '@switchboard/contracts';
import type { CannedReply, WorkspaceId } from '@switchboard/database';
import { CannedRepliesService, SupportReportsService } from '@switchboard/handoff';
import { ReportQueryDto } from '../reports/dto/report-query.dto';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { toAgentView } from './console-views';
import { CannedReplyDto } from './dto/canned-reply.dto';

function toCannedReplyView(reply: CannedReply): CannedReplyView {
  return { id: reply.id, shortCode: reply.shortCode, content: reply.content };
}

/** What the whole workspace shares in the console: its agents, canned replies and reports. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console')
export class ConsoleWorkspaceController {
  constructor(
    private readonly agents: AgentsService,
    private readonly cannedReplies: CannedRepliesService,
    private readonly reports: SupportReportsService,
  ) {}

  @Get('agents')
  @ApiOkResponse({ type: AgentListResponse })
  @ApiOperation({ summary: "The workspace's agents and their availability." })
  async listAgents(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET agents'>> {
    return { agents: (await this.agents.list(workspaceId)).map(toAgentView) };
  }

  @Get('canned-replies')
  @ApiOkResponse({ type: CannedReplyListResponse })
  @ApiOperation({ summary: 'Canned replies, by short code.' })
  async listCannedReplies(
    @CurrentWorkspace() workspaceId: WorkspaceId,
  ): Promise<ConsoleResponse<'GET canned-replies'>> {
    return { cannedReplies: (await this.cannedReplies.list(workspaceId)).map(toCannedReplyView) };
  }

  @Audited('canned_reply.created')
  @Post('canned-replies')
  @ApiCreatedResponse({ type: CannedReplyCreatedResponse })
  @Roles('admin')
  @ApiOperation({ summary: 'Add a canned reply (admins); 409 when the short code is taken.' })
  async createCannedReply(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CannedReplyDto,
  ): Promise<ConsoleResponse<'POST canned-replies'>> {
    const created = await this.cannedReplies.create(workspaceId, dto);
    return {
      cannedReply: toCannedReplyView(created),
      cannedReplies: (await this.cannedReplies.list(workspaceId)).map(toCannedReplyView),
    };
  }

  @Audited('canned_reply.deleted')
  @Delete('canned-replies/:id')
  @ApiOkResponse({ type: CannedReplyListResponse })
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a canned reply (admins).' })
  async deleteCannedReply(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'DELETE canned-replies/:id'>> {
    if (!(await this.cannedReplies.delete(workspaceId, id))) throw new NotFoundException('Canned reply not found');
    return { cannedReplies: (await this.cannedReplies.list(workspaceId)).map(toCannedReplyView) };
  }

  @Get('reports')
  @ApiOkResponse({ type: SupportReportResponse })
  @Roles('admin')
  @ApiOperation({ summary: 'Support numbers over the last `days` days (admins).' })
  report(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: ReportQueryDto,
  ): Promise<ConsoleResponse<'GET reports'>> {
    return this.reports.report(workspaceId, query.days);
  }
}
