export * from './webhook.errors';
export * from './webhook-event-types';
export * from './webhook-signature';
export * from './retry-schedule';
export * from './webhook-endpoints.service';
export {
  AttemptOutcome,
  DeliveryLeasedError,
  WebhookDeliveriesService,
  WebhookDeliveryView,
  bodyOf,
} from './webhook-deliveries.service';
export * from './webhook.events';
export * from './webhooks.module';
export * from './webhook-delivery-personal-data.service';
