import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ConsoleQuery,
  TICKET_SCOPES,
  TICKET_SENTIMENTS,
  TICKET_STATUS_FILTERS,
  TICKET_URGENCIES,
  TicketScope,
  TicketSentiment,
  TicketStatusFilter,
  TicketUrgency,
} from '@switchboard/contracts';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

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

  @ApiPropertyOptional({ description: "One of the workspace's ticketTopics." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;

  @ApiPropertyOptional({ enum: TICKET_URGENCIES })
  @IsOptional()
  @IsIn(TICKET_URGENCIES)
  urgency?: TicketUrgency;

  @ApiPropertyOptional({ enum: TICKET_SENTIMENTS })
  @IsOptional()
  @IsIn(TICKET_SENTIMENTS)
  sentiment?: TicketSentiment;

  @ApiPropertyOptional({ example: 'en', description: 'ISO 639-1 code.' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en' })
  language?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A team's id: tickets whose topic the team covers." })
  @IsOptional()
  @IsUUID('all', { message: "team must be the id of one of the workspace's teams" })
  team?: string;
}
