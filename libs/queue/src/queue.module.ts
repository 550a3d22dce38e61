import { DynamicModule, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QUEUE_MODULE_OPTIONS, QueueModuleOptions } from './queue-module.options';
import { QueueMetricsBinder } from './queue-metrics.binder';
import { QueueProducer } from './queue-producer.service';
import { QueuedJobPersonalDataService } from './queued-job-personal-data.service';

/**
 * Import once, in the app's root module; global so feature libs inject OutboxService and QueueProducer
 * without importing it again (a second import with other options would start a second producer).
 * Needs ConfigModule and DatabaseModule.
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      providers: [
        { provide: QUEUE_MODULE_OPTIONS, useValue: options },
        QueueProducer,
        OutboxRepository,
        OutboxService,
        OutboxRelay,
        QueueMetricsBinder,
        QueuedJobPersonalDataService,
      ],
      exports: [QueueProducer, OutboxService, OutboxRelay, QueuedJobPersonalDataService],
    };
  }
}
