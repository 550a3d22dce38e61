import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, loadConfig } from '@switchboard/config';
import { MetricsService, startMetricsServer } from '@switchboard/observability';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.init();
  if (config.workerMetrics.port > 0) {
    const server = await startMetricsServer(
      app.get(MetricsService),
      config.workerMetrics.host,
      config.workerMetrics.port,
    );
    process.once('SIGTERM', () => void server.close());
    process.once('SIGINT', () => void server.close());
  }
  logger.log('worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
