import { ApiProperty } from '@nestjs/swagger';
import { ACTION_METHODS, CHANNEL_TYPES, VISIBILITIES } from '@switchboard/database';

/** A secret as the API shows it: its name only. */
export class ActionSecretResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: [true] }) set!: true;
}

export class ActionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ACTION_METHODS }) method!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) identity!: string[];
  @ApiProperty() sideEffect!: boolean;
  @ApiProperty({ type: [String] }) examples!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
  @ApiProperty({ type: [ActionSecretResponse], description: 'Names of the secrets set; values are never returned.' })
  secrets!: ActionSecretResponse[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CHANNEL_TYPES] }, nullable: true })
  channels!: string[] | null;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: string;
  @ApiProperty({ type: 'integer' }) timeoutMs!: number;
  @ApiProperty({ type: 'integer' }) maxResponseBytes!: number;
  @ApiProperty({ type: String, nullable: true }) answerTemplate!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}
