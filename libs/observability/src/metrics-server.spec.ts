import request from 'supertest';
import { MetricsServer, startMetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

describe('startMetricsServer', () => {
  let metrics: MetricsService;
  let server: MetricsServer;
  let url: string;

  beforeEach(async () => {
    metrics = new MetricsService();
    server = await startMetricsServer(metrics, '127.0.0.1', 0);
    url = `http://127.0.0.1:${server.port}`;
  });

  afterEach(async () => {
    await server.close();
  });

  it('serves the registry on GET /metrics', async () => {
    metrics.observeJob('ingestion', 'fetch-document', 0.3, 'completed');
    metrics.observeJob('ingestion', 'fetch-document', 1.2, 'failed');
    metrics.setQueueDepthSource(async () => [
      { queue: 'ingestion', state: 'waiting', count: 3 },
      { queue: 'ingestion', state: 'active', count: 1 },
    ]);

    const response = await request(url)
      .get('/metrics')
      .expect(200)
      .expect('content-type', /^text\/plain; version=0\.0\.4/);

    expect(response.text).toContain(
      'job_duration_seconds_count{queue="ingestion",job="fetch-document",outcome="completed"} 1',
    );
    expect(response.text).toContain(
      'job_duration_seconds_count{queue="ingestion",job="fetch-document",outcome="failed"} 1',
    );
    expect(response.text).toContain('job_failures_total{queue="ingestion",job="fetch-document"} 1');
    expect(response.text).toContain('queue_jobs{queue="ingestion",state="waiting"} 3');
    expect(response.text).toContain('queue_jobs{queue="ingestion",state="active"} 1');
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });

  it('answers 404 to anything else', async () => {
    await request(url).get('/').expect(404);
    await request(url).get('/metrics/extra').expect(404);
    await request(url).post('/metrics').expect(404);
  });

  it('still serves the other metrics when the queue depth cannot be read', async () => {
    metrics.setQueueDepthSource(async () => [{ queue: 'ingestion', state: 'waiting', count: 5 }]);
    expect((await request(url).get('/metrics').expect(200)).text).toContain(
      'queue_jobs{queue="ingestion",state="waiting"} 5',
    );

    metrics.setQueueDepthSource(() => Promise.reject(new Error('redis is down')));
    const response = await request(url).get('/metrics').expect(200);

    expect(response.text).not.toMatch(/^queue_jobs\{/m);
    expect(response.text).toContain('queue_depth_collect_errors_total 1');
  });

  it('keeps registries apart', async () => {
    const other = new MetricsService();
    other.observeJob('delivery', 'send-email', 0.1, 'failed');
    expect((await request(url).get('/metrics').expect(200)).text).not.toContain('send-email');
  });
});
