import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_DELIVERY_STATUSES } from '@switchboard/database';
import { WEBHOOK_EVENT_TYPES } from '@switchboard/webhooks';

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] } }) events!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the secret replaced by the last rotation still signs deliveries, next to the new one.',
  })
  previousSecretExpiresAt!: Date | null;
  @ApiProperty({ type: 'integer', description: 'Failed attempts since the last success.' })
  consecutiveFailures!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When Switchboard disabled the endpoint after repeated failures.',
  })
  disabledAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why Switchboard disabled the endpoint.' })
  disabledReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret, shown this once.', example: 'whsec_…' }) secret!: string;
}

export class WebhookEnvelopeResponse {
  @ApiProperty({ format: 'uuid', description: 'The event id: the same in every delivery and replay of the event.' })
  id!: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES] }) type!: string;
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES] }) eventType!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "The receiver's last HTTP status." })
  responseStatus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Latency of the last attempt.' })
  latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The start of the receiver's last response body." })
  responseExcerpt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstAttemptAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The delivery this one replays.' })
  replayOf!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: WebhookEnvelopeResponse }) payload!: WebhookEnvelopeResponse;
}
