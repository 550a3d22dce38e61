import { ApiPropertyOptional } from '@nestjs/swagger';
import { TICKET_STATUSES } from '@switchboard/database';
import { IsIn, IsOptional } from 'class-validator';
import { TicketScope, TicketStatusFilter } from '../console-tickets.service';

const STATUS_FILTERS: readonly TicketStatusFilter[] = [...TICKET_STATUSES, 'active'];
const SCOPES: readonly TicketScope[] = ['all', 'mine', 'unassigned'];

export class TicketsQueryDto {
  @ApiPropertyOptional({
    enum: STATUS_FILTERS,
    description: 'active = open, assigned or pending. Default: every status.',
  })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: TicketStatusFilter;

  @ApiPropertyOptional({ enum: SCOPES, default: 'all' })
  @IsOptional()
  @IsIn(SCOPES)
  scope?: TicketScope;
}
