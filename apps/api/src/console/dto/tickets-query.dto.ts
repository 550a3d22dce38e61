import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ConsoleQuery,
  TICKET_SCOPES,
  TICKET_STATUS_FILTERS,
  TicketScope,
  TicketStatusFilter,
} from '@switchboard/contracts';
import { IsIn, IsOptional } from 'class-validator';

export class TicketsQueryDto implements ConsoleQuery<'GET tickets'> {
  @ApiPropertyOptional({
    enum: TICKET_STATUS_FILTERS,
    description: 'active = open, assigned or pending. Default: every status.',
  })
  @IsOptional()
  @IsIn(TICKET_STATUS_FILTERS)
  status?: TicketStatusFilter;

  @ApiPropertyOptional({ enum: TICKET_SCOPES, default: 'all' })
  @IsOptional()
  @IsIn(TICKET_SCOPES)
  scope?: TicketScope;
}
