import { ApiProperty } from '@nestjs/swagger';
import {
  Conforms,
  ConsoleResponse,
  WEBHOOK_DELIVERY_STATUSES,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookView,
  WebhookWithSecret,
} from '@switchboard/contracts';

const NULLABLE_DATE = { type: String, format: 'date-time', nullable: true } as const;

export class ConsoleWebhookViewResponse implements WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty(NULLABLE_DATE) previousSecretExpiresAt!: string | null;
  @ApiProperty({ type: 'integer' }) consecutiveFailures!: number;
  @ApiProperty(NULLABLE_DATE) failingSince!: string | null;
  @ApiProperty(NULLABLE_DATE) disabledAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why Switchboard disabled the endpoint.' })
  disabledReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ConsoleWebhookDeliveryViewResponse implements WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: WebhookDeliveryStatus;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: 'integer', nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The start of the receiver's response: untrusted text." })
  responseExcerpt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty(NULLABLE_DATE) nextAttemptAt!: string | null;
  @ApiProperty(NULLABLE_DATE) lastAttemptAt!: string | null;
  @ApiProperty(NULLABLE_DATE) deliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) replayOf!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ConsoleWebhookListResponse {
  @ApiProperty({ type: [ConsoleWebhookViewResponse] }) webhooks!: ConsoleWebhookViewResponse[];
}

export class ConsoleWebhookOverviewResponse extends ConsoleWebhookListResponse {
  @ApiProperty({ type: [String], description: 'Every event type an endpoint can subscribe to.' })
  eventTypes!: string[];
}

export class ConsoleWebhookEnvelopeResponse {
  @ApiProperty({ type: ConsoleWebhookViewResponse }) webhook!: ConsoleWebhookViewResponse;
}

export class ConsoleWebhookWithSecretResponse extends ConsoleWebhookEnvelopeResponse implements WebhookWithSecret {
  @ApiProperty({ description: 'The signing secret, shown this once.', example: 'whsec_…' }) secret!: string;
}

export class ConsoleWebhookDeliveryListResponse {
  @ApiProperty({ type: [ConsoleWebhookDeliveryViewResponse] }) deliveries!: ConsoleWebhookDeliveryViewResponse[];
}

export class ConsoleWebhookDeliveryEnvelopeResponse {
  @ApiProperty({ type: ConsoleWebhookDeliveryViewResponse }) delivery!: ConsoleWebhookDeliveryViewResponse;
}

/** `implements` lets a class add fields the contract lacks; these fail to compile when one does. */
type _ConsoleWebhookResponsesConform = [
  Conforms<WebhookView, ConsoleWebhookViewResponse>,
  Conforms<WebhookDeliveryView, ConsoleWebhookDeliveryViewResponse>,
  Conforms<ConsoleResponse<'GET webhooks'>, ConsoleWebhookOverviewResponse>,
  Conforms<ConsoleResponse<'DELETE webhooks/:id'>, ConsoleWebhookListResponse>,
  Conforms<ConsoleResponse<'POST webhooks'>, ConsoleWebhookWithSecretResponse>,
  Conforms<ConsoleResponse<'POST webhooks/:id/rotate-secret'>, ConsoleWebhookWithSecretResponse>,
  Conforms<ConsoleResponse<'PATCH webhooks/:id'>, ConsoleWebhookEnvelopeResponse>,
  Conforms<ConsoleResponse<'GET webhooks/:id/deliveries'>, ConsoleWebhookDeliveryListResponse>,
  Conforms<ConsoleResponse<'POST webhooks/:id/deliveries/:deliveryId/replay'>, ConsoleWebhookDeliveryEnvelopeResponse>,
];
