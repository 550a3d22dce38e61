import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TicketDetailResponse, TicketEnvelopeResponse, TicketListResponse } from './dto/console.response';
import { NotAudited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentAgent, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import type { Agent, WorkspaceId } from '@switchboard/database';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ConsoleTicketsService } from './console-tickets.service';
import { TicketsQueryDto } from './dto/tickets-query.dto';
import { TicketLabelsDto } from './dto/ticket-labels.dto';
import { LabelErrorsFilter } from '../teams/label-errors.filter';

@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter, LabelErrorsFilter)
@NotAudited('ticket work, not configuration')
@Controller('v1/console/tickets')
export class ConsoleTicketsController {
  constructor(private readonly tickets: ConsoleTicketsService) {}

  @Get()
  @ApiOkResponse({ type: TicketListResponse })
  @ApiOperation({ summary: 'The ticket queue, oldest first.' })
  async list(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Query() query: TicketsQueryDto,
  ): Promise<ConsoleResponse<'GET tickets'>> {
    return { tickets: await this.tickets.list(workspaceId, agent, query) };
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetailResponse })
  @ApiOperation({ summary: 'A ticket with its conversation and full transcript, internal notes included.' })
  get(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'GET tickets/:id'>> {
    return this.tickets.detail(workspaceId, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketEnvelopeResponse })
  @ApiOperation({ summary: 'Take the ticket and its conversation; 409 when another agent holds it.' })
  async claim(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST tickets/:id/claim'>> {
    return { ticket: await this.tickets.act(workspaceId, id, agent, 'claim') };
  }

  @Post(':id/pending')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketEnvelopeResponse })
  @ApiOperation({ summary: 'Wait on the customer; their next message puts the ticket back with the agent.' })
  async pending(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST tickets/:id/pending'>> {
    return { ticket: await this.tickets.act(workspaceId, id, agent, 'pending') };
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketEnvelopeResponse })
  @ApiOperation({ summary: 'Resolve the ticket and the conversation.' })
  async resolve(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST tickets/:id/resolve'>> {
    return { ticket: await this.tickets.act(workspaceId, id, agent, 'resolve') };
  }

  @Post(':id/hand-back')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketEnvelopeResponse })
  @ApiOperation({ summary: 'Resolve the ticket and give the conversation back to the bot.' })
  async handBack(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST tickets/:id/hand-back'>> {
    return { ticket: await this.tickets.act(workspaceId, id, agent, 'hand-back') };
  }

  @Patch(':id/labels')
  @ApiOkResponse({ type: TicketEnvelopeResponse })
  @ApiOperation({
    summary:
      "Correct the ticket's labels (a field left out is kept); kept as training data for the offline classifier.",
  })
  async correctLabels(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
    @Body() dto: TicketLabelsDto,
  ): Promise<ConsoleResponse<'PATCH tickets/:id/labels'>> {
    return { ticket: await this.tickets.correctLabels(workspaceId, id, agent, dto) };
  }
}
