import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHANNEL_TYPES,
  ChannelType,
  ConversationOwner,
  ConversationSearchQuery,
  SEARCH_MAX_TERMS,
  SEARCH_PAGE_MAX,
  SEARCH_PAGE_SIZE_MAX,
  SEARCH_QUERY_MAX_LENGTH,
  SEARCH_STATUSES,
  TICKET_SENTIMENTS,
  TICKET_URGENCIES,
  TicketSentiment,
  TicketUrgency,
} from '@switchboard/contracts';
import { searchTerms } from '@switchboard/conversations';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

/** The query has a word to look for, and not more than the search takes. */
function HasSearchTerms(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasSearchTerms',
      validator: {
        validate: (value: unknown) => {
          const count = typeof value === 'string' ? searchTerms(value).length : 0;
          return count > 0 && count <= SEARCH_MAX_TERMS;
        },
        defaultMessage: () => `q must have from 1 to ${SEARCH_MAX_TERMS} words (letters or digits)`,
      },
    },
    options,
  );
}

/** `to`, when `from` is given too, comes after it. */
function IsAfterFrom(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAfterFrom',
      validator: {
        validate: (value: unknown, args) => {
          const from = (args?.object as { from?: unknown }).from;
          if (typeof value !== 'string' || typeof from !== 'string') return true;
          return Date.parse(value) > Date.parse(from);
        },
        defaultMessage: () => 'to must come after from',
      },
    },
    options,
  );
}

/** A conversation search, as the console and the API take it (the API leaves internal notes out). */
export class ConversationSearchQueryDto implements ConversationSearchQuery {
  @ApiProperty({
    maxLength: SEARCH_QUERY_MAX_LENGTH,
    example: 'refund order',
    description: `Words, all of which a message must have (as the start of a word from 3 characters). At most ${SEARCH_MAX_TERMS} words.`,
  })
  @IsString()
  @MaxLength(SEARCH_QUERY_MAX_LENGTH)
  @HasSearchTerms()
  q!: string;

  @ApiPropertyOptional({ enum: SEARCH_STATUSES, description: 'Who owns the conversation now.' })
  @IsOptional()
  @IsIn(SEARCH_STATUSES)
  status?: ConversationOwner;

  @ApiPropertyOptional({ enum: CHANNEL_TYPES })
  @IsOptional()
  @IsIn(CHANNEL_TYPES)
  channel?: ChannelType;

  @ApiPropertyOptional({ format: 'uuid', description: 'An agent id: conversations assigned to them.' })
  @IsOptional()
  @IsUUID('all', { message: 'assignee must be an agent id' })
  assignee?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A contact id.' })
  @IsOptional()
  @IsUUID('all', { message: 'contact must be a contact id' })
  contact?: string;

  @ApiPropertyOptional({ description: "A ticket topic (one of the workspace's ticketTopics)." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;

  @ApiPropertyOptional({ enum: TICKET_URGENCIES, description: 'A ticket urgency.' })
  @IsOptional()
  @IsIn(TICKET_URGENCIES)
  urgency?: TicketUrgency;

  @ApiPropertyOptional({ enum: TICKET_SENTIMENTS, description: 'A ticket sentiment.' })
  @IsOptional()
  @IsIn(TICKET_SENTIMENTS)
  sentiment?: TicketSentiment;

  @ApiPropertyOptional({ example: 'en', description: "A ticket's language, ISO 639-1." })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en' })
  language?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Messages written from this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date, such as 2026-01-31 or 2026-01-31T09:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Messages written before this instant.' })
  @IsOptional()
  @IsAfterFrom()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date, such as 2026-01-31 or 2026-01-31T09:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_PAGE_MAX, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_PAGE_MAX)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_PAGE_SIZE_MAX, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_PAGE_SIZE_MAX)
  pageSize: number = 20;
}
