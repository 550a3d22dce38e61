import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@switchboard/config';
import request from 'supertest';
import { useStructuredLogger } from './logging.module';
import { startMetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';
import { ObservabilityModule } from './observability.module';

describe('ObservabilityModule in an application context (the worker)', () => {
  let context: TestingModule;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    context = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('worker', loadConfig('worker', { LOG_LEVEL: 'info' })),
        ObservabilityModule.forRoot({ destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) } }),
      ],
    }).compile();
    useStructuredLogger(context);
    await context.init();
  });

  afterAll(async () => {
    await context.close();
  });

  it('writes JSON lines through pino, with no request id outside a request', () => {
    new Logger('IngestionProcessor').log({ job: 'fetch-document', token: 'abc' }, 'job started');

    expect(lines.find((line) => line.msg === 'job started')).toEqual(
      expect.objectContaining({ level: 30, context: 'IngestionProcessor', token: '[redacted]' }),
    );
    expect(lines.every((line) => line.requestId === undefined)).toBe(true);
  });

  it('exposes its MetricsService through startMetricsServer', async () => {
    const metrics = context.get(MetricsService);
    metrics.observeJob('delivery', 'send-email', 0.2, 'completed');
    const server = await startMetricsServer(metrics, '127.0.0.1', 0);
    try {
      const response = await request(`http://127.0.0.1:${server.port}`).get('/metrics').expect(200);
      expect(response.text).toContain(
        'job_duration_seconds_count{queue="delivery",job="send-email",outcome="completed"} 1',
      );
    } finally {
      await server.close();
    }
  });
});
