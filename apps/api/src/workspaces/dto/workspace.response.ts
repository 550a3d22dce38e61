import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AgentResponse } from '../../agents/dto/agent.response';
import { IssuedApiKeyResponse } from '../../api-keys/dto/api-key.response';

export class WeeklyHoursResponse {
  @ApiProperty({ type: [String], required: false, example: ['09:00-17:00'] }) mon?: string[];
  @ApiProperty({ type: [String], required: false }) tue?: string[];
  @ApiProperty({ type: [String], required: false }) wed?: string[];
  @ApiProperty({ type: [String], required: false }) thu?: string[];
  @ApiProperty({ type: [String], required: false }) fri?: string[];
  @ApiProperty({ type: [String], required: false }) sat?: string[];
  @ApiProperty({ type: [String], required: false }) sun?: string[];
}

export class BusinessHoursResponse {
  @ApiProperty({ type: WeeklyHoursResponse }) days!: WeeklyHoursResponse;
}

/** The stored settings: every field, defaults filled in. */
export class TunedModelsResponse {
  @ApiPropertyOptional({ example: 'ft:gpt-4o-mini-2024-07-18:acme::9abcDEF' }) answer?: string;
}

export class WorkspaceSettingsResponse {
  @ApiProperty({ minimum: 0, maximum: 1 }) confidenceThreshold!: number;
  @ApiProperty() handoffMessage!: string;
  @ApiProperty({ example: 'en' }) locale!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ enum: ['claim', 'round_robin'] }) assignment!: 'claim' | 'round_robin';
  @ApiProperty() humanRequestMessage!: string;
  @ApiProperty() negativeFeedbackMessage!: string;
  @ApiProperty() failureMessage!: string;
  @ApiProperty() policyMessage!: string;
  @ApiProperty() offlineMessage!: string;
  @ApiProperty({ type: BusinessHoursResponse, nullable: true }) businessHours!: BusinessHoursResponse | null;
  @ApiProperty({ type: [String], description: 'Hosts the workspace actions may call.' }) actionHosts!: string[];
  @ApiPropertyOptional({
    type: TunedModelsResponse,
    description: 'Fine-tuned models tried first per LLM task; the configured model is the fallback.',
  })
  tunedModels?: TunedModelsResponse;
  @ApiProperty({ type: [String], description: 'The topics new tickets are classified into.' }) ticketTopics!: string[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Days after its last activity a conversation is deleted; null keeps conversations forever.',
  })
  retentionDays!: number | null;
}

export class WorkspaceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: WorkspaceSettingsResponse }) settings!: WorkspaceSettingsResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class ProvisionedWorkspaceResponse {
  @ApiProperty({ type: WorkspaceResponse }) workspace!: WorkspaceResponse;
  @ApiProperty({ type: IssuedApiKeyResponse, description: 'The first API key; `key` is shown only here.' })
  apiKey!: IssuedApiKeyResponse;
  @ApiProperty({ type: AgentResponse, required: false, description: 'The first admin, when `admin` was given.' })
  admin?: AgentResponse;
  @ApiProperty({ type: [String], description: 'What still needs doing before customers can be served.' })
  warnings!: string[];
}
