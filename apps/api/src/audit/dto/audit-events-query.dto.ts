import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_EXPORT_FORMATS, AuditExportFormat, AuditPageRequest } from '@switchboard/audit';
import { AUDIT_ACTOR_TYPES } from '@switchboard/database';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DateTimeQuery } from '../../http/date-time-query';

const ACTION = /^[a-z_]+(\.[a-z_]+)?(\.\*|\*)?$/;

/** The filters of the audit log, shared by the page and the export. */
export class AuditEventsFilterDto {
  @ApiPropertyOptional({
    example: 'webhook.*',
    description: 'An action (`api_key.created`), or a prefix ending in `*` (`webhook.*`).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ACTION, { message: 'action must be an action such as api_key.created, or a prefix such as webhook.*' })
  action?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTOR_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ACTOR_TYPES)
  actorType?: string;

  @ApiPropertyOptional({ description: "The acting agent's or API key's id." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string;

  @ApiPropertyOptional({ example: 'webhook', description: 'api_key, agent, workspace, inbox, knowledge_source, …' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Events at or after this time.' })
  @IsOptional()
  @DateTimeQuery()
  since?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Events before this time.' })
  @IsOptional()
  @DateTimeQuery()
  until?: Date;
}

export class AuditEventsQueryDto extends AuditEventsFilterDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AuditExportQueryDto extends AuditEventsFilterDto {
  @ApiProperty({ enum: AUDIT_EXPORT_FORMATS, description: 'CSV (one row per event, the diff as JSON) or JSON Lines.' })
  @IsIn(AUDIT_EXPORT_FORMATS)
  format!: AuditExportFormat;
}

/** The service's filter from the query: `action` ending in `*` becomes a prefix. */
export function auditFilterOf(query: AuditEventsQueryDto | AuditExportQueryDto): AuditPageRequest {
  const { action, actorType, actorId, targetType, targetId, since, until } = query;
  const byAction = action?.endsWith('*') ? { actionPrefix: action.slice(0, -1) } : { action };
  const page = query instanceof AuditEventsQueryDto ? { cursor: query.cursor, limit: query.limit } : {};
  return { ...byAction, actorType, actorId, targetType, targetId, since, until, ...page };
}
