import { Module } from '@nestjs/common';
import { AuditModule } from '@switchboard/audit';
import { AuthModule } from '@switchboard/auth';
import { StaffMailer } from '@switchboard/channels';
import { UnitOfWorkModule } from '@switchboard/database';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookDisabledNotifier } from './webhook-disabled.notifier';
import { WebhookEventsListener } from './webhook-events.listener';
import { WebhookSecretsCipher } from './webhook-secrets.cipher';
import { WebhookDeliveryPersonalDataService } from './webhook-delivery-personal-data.service';

/**
 * Outbound webhooks (the only access to their tables): endpoints, the listener that records deliveries for domain
 * events, and their delivery. Imported by the api and the worker, both of which publish domain events; only the
 * worker consumes the delivery queue; admins are e-mailed when an endpoint is disabled. Needs DatabaseModule,
 * QueueModule and EventEmitterModule.
 */
@Module({
  imports: [UnitOfWorkModule, AuditModule, AuthModule],
  providers: [
    WebhookEndpointsRepository,
    WebhookDeliveriesRepository,
    WebhookSecretsCipher,
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookEventsListener,
    StaffMailer,
    WebhookDisabledNotifier,
    WebhookDeliveryPersonalDataService,
  ],
  exports: [WebhookEndpointsService, WebhookDeliveriesService, WebhookDeliveryPersonalDataService],
})
export class WebhooksModule {}
