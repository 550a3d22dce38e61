import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTOR_TYPES } from '@switchboard/database';

export class AuditActorResponse {
  @ApiProperty({ enum: AUDIT_ACTOR_TYPES }) type!: string;
  @ApiProperty({ type: String, nullable: true, description: "The agent's or API key's id." }) id!: string | null;
  @ApiProperty({ description: 'Agent name and e-mail, or key name and prefix, as they were.' }) display!: string;
}

export class AuditTargetResponse {
  @ApiProperty({ example: 'webhook' }) type!: string;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ example: 'api_key.created' }) action!: string;
  @ApiProperty({ type: AuditTargetResponse }) target!: AuditTargetResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
    description: "Changed fields by dotted path, each { before, after }; secret values read '[redacted]'.",
  })
  diff!: Record<string, { before: unknown; after: unknown }>;
}

export class AuditEventsPageResponse {
  @ApiProperty({ type: [AuditEventResponse] }) events!: AuditEventResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor!: string | null;
}
