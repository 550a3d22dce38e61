import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ROLES } from '@switchboard/database';

export class AgentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: AGENT_ROLES }) role!: string;
  @ApiProperty({ enum: ['online', 'busy', 'offline'], description: 'What the agent chose.' }) availability!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last heartbeat of an open console tab.',
  })
  lastSeenAt!: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}
