import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { LoggingModule, LoggingOptions } from './logging.module';
import { MetricsService } from './metrics.service';

/**
 * Structured logging plus a per-app Prometheus registry. In an HTTP app every request is timed; in an application
 * context (the worker) Nest never runs `configure`, so only logging and {@link MetricsService} apply.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggingModule.forRoot(options)],
      providers: [MetricsService],
      exports: [MetricsService, LoggingModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
