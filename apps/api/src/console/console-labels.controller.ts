import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentSessionGuard, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ConsoleTicketsService } from './console-tickets.service';
import { TicketLabelChoicesResponse } from './dto/console.response';

/** What the queue's filters and the label editor offer: the workspace's topics and teams. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console')
export class ConsoleLabelsController {
  constructor(private readonly tickets: ConsoleTicketsService) {}

  @Get('ticket-labels')
  @ApiOkResponse({ type: TicketLabelChoicesResponse })
  @ApiOperation({ summary: "The workspace's ticket topics and teams, for filtering the queue and correcting labels." })
  labelChoices(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET ticket-labels'>> {
    return this.tickets.labelChoices(workspaceId);
  }
}
