export * from './outbox-relay.service';
export * from './outbox.service';
export * from './queue-module.options';
export * from './queue-producer.service';
export * from './queue-unavailable.error';
export * from './queue.contract';
export * from './queue.module';
export * from './queue-consumer.service';
