import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ConsoleRequest,
  TICKET_SENTIMENTS,
  TICKET_URGENCIES,
  TicketSentiment,
  TicketUrgency,
} from '@switchboard/contracts';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** An agent's correction: a field left out is kept, null clears it (unclassified). */
export class TicketLabelsDto implements ConsoleRequest<'PATCH tickets/:id/labels'> {
  @ApiPropertyOptional({ type: String, nullable: true, description: "One of the workspace's ticketTopics." })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(64)
  topic?: string | null;

  @ApiPropertyOptional({ type: String, enum: TICKET_URGENCIES, nullable: true })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsIn(TICKET_URGENCIES)
  urgency?: TicketUrgency | null;

  @ApiPropertyOptional({ type: String, enum: TICKET_SENTIMENTS, nullable: true })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsIn(TICKET_SENTIMENTS)
  sentiment?: TicketSentiment | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'en', description: 'ISO 639-1 code.' })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en, or null' })
  language?: string | null;
}
