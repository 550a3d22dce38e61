import {
  CanActivate,
  Controller,
  Get,
  Header,
  INestApplication,
  Injectable,
  Param,
  ParseIntPipe,
  Query,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@switchboard/config';
import request from 'supertest';
import { RoutedRequest, routeTemplate } from './http-metrics.middleware';
import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';
import { ObservabilityModule } from './observability.module';

@Injectable()
class DenyGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('v1/inboxes')
class InboxesController {
  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get(':id/messages')
  messages(@Query('limit', ParseIntPipe) limit: number): { limit: number } {
    return { limit };
  }

  @Get(':id/secrets')
  @UseGuards(DenyGuard)
  secrets(): never {
    throw new Error('unreachable behind the guard');
  }
}

@Controller('metrics')
class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return (await this.metrics.render()).body;
  }
}

/** The `_count` sample of the HTTP histogram for one label set, or undefined when absent. */
function requestCount(
  body: string,
  labels: { method: string; route: string; status_code: string },
): number | undefined {
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  const line = body
    .split('\n')
    .find((l) => l.startsWith('http_request_duration_seconds_count{') && wanted.every((pair) => l.includes(pair)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('HttpMetricsMiddleware', () => {
  let app: INestApplication;
  let metrics: MetricsService;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('worker', loadConfig('worker', { LOG_LEVEL: 'silent' })),
        ObservabilityModule.forRoot({ destination: { write: () => undefined } }),
      ],
      controllers: [InboxesController, MetricsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    metrics = app.get(MetricsService);
  });

  afterAll(async () => {
    await app.close();
  });

  async function countOnceRecorded(labels: { method: string; route: string; status_code: string }): Promise<number> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const count = requestCount((await metrics.render()).body, labels);
      if (count !== undefined) return count;
      if (Date.now() > deadline) throw new Error(`no sample for ${JSON.stringify(labels)}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('labels requests with the route template, never the raw URL', async () => {
    const server = app.getHttpServer();
    await request(server).get('/v1/inboxes/42').expect(200);
    await request(server).get('/v1/inboxes/43').expect(200);
    const labels = { method: 'GET', route: '/v1/inboxes/:id', status_code: '200' };
    await countOnceRecorded(labels);

    const scrape = await request(server).get('/metrics').expect(200);
    expect(scrape.text).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/v1\/inboxes\/:id",status_code="200"\} 2$/m,
    );
    expect(requestCount(scrape.text, labels)).toBe(2);
    expect(scrape.text).not.toContain('/v1/inboxes/42');
  });

  it('counts responses from guards, pipes and unknown routes with their status', async () => {
    const server = app.getHttpServer();
    await request(server).get('/v1/inboxes/7/secrets').expect(403);
    await request(server).get('/v1/inboxes/7/messages?limit=many').expect(400);
    await request(server).get('/v1/no/such/route/123').expect(404);
    await request(server).delete('/v1/inboxes/42').expect(404);

    expect(await countOnceRecorded({ method: 'GET', route: '/v1/inboxes/:id/secrets', status_code: '403' })).toBe(1);
    expect(await countOnceRecorded({ method: 'GET', route: '/v1/inboxes/:id/messages', status_code: '400' })).toBe(1);
    expect(await countOnceRecorded({ method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
    expect(await countOnceRecorded({ method: 'DELETE', route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
    expect((await metrics.render()).body).not.toContain('/v1/no/such/route');
  });
});

describe('routeTemplate', () => {
  const routed = (route: RoutedRequest['route'], baseUrl = ''): RoutedRequest => ({ route, baseUrl }) as RoutedRequest;

  it('joins the mount path and the route path', () => {
    expect(routeTemplate(routed({ path: '/inboxes/:id', methods: { get: true } }, '/v1'))).toBe('/v1/inboxes/:id');
  });

  it.each([
    ['no route', undefined],
    ['a regular-expression route', { path: /inboxes/, methods: { get: true } }],
    ["Nest's catch-all middleware route", { path: '/{*path}', methods: { get: true, post: true, delete: true } }],
    ['a prefixed middleware route', { path: '/v1/{*path}', methods: { get: true, post: true, delete: true } }],
  ])('reports %s as unmatched', (_name, route) => {
    expect(routeTemplate(routed(route))).toBe(UNMATCHED_ROUTE);
  });

  it('keeps @All() controller routes and wildcard routes of one method', () => {
    const every = { get: true, post: true, put: true, delete: true };
    expect(routeTemplate(routed({ path: '/webhooks/:provider', methods: every }))).toBe('/webhooks/:provider');
    expect(routeTemplate(routed({ path: '/files/*path', methods: { get: true } }))).toBe('/files/*path');
  });
});
