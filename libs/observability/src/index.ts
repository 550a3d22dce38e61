export * from './http-metrics.middleware';
export * from './logging.module';
export * from './metrics-server';
export * from './metrics.service';
export * from './observability.module';
export * from './redact';
export * from './request-id';
