import { Body, Controller, Get, INestApplication, Logger, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@switchboard/config';
import request from 'supertest';
import { LoggingModule, useStructuredLogger } from './logging.module';
import { REDACTED } from './redact';
import { REQUEST_ID_HEADER } from './request-id';

interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  [field: string]: unknown;
}

@Controller()
class SignInController {
  private readonly logger = new Logger(SignInController.name);

  @Post('sign-in')
  signIn(@Body() body: { email: string; password: string }): { ok: true } {
    this.logger.log({ credentials: body, apiKey: 'sb_live_123' }, 'signing in');
    return { ok: true };
  }

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('LoggingModule', () => {
  let app: INestApplication;
  const lines: LogLine[] = [];
  const forRequest = (id: string): LogLine[] => lines.filter((line) => line.requestId === id);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('worker', loadConfig('worker', { LOG_LEVEL: 'debug' })),
        LoggingModule.forRoot({ destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) } }),
      ],
      controllers: [SignInController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    useStructuredLogger(app);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  it('tags every line of a request with the echoed request id and redacts secrets', async () => {
    const response = await request(app.getHttpServer())
      .post('/sign-in?token=from-query')
      .set('Authorization', 'Bearer sb_secret_value')
      .set('Cookie', 'session=abc')
      .set('X-Api-Key', 'sb_key_value')
      .send({ email: 'ada@example.com', password: 'hunter2' })
      .expect(201);

    const requestId = response.headers[REQUEST_ID_HEADER];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const completed = await eventually(() => forRequest(requestId).find((line) => line.msg === 'request completed'));
    const appLine = forRequest(requestId).find((line) => line.msg === 'signing in');

    expect(appLine).toMatchObject({
      level: 30,
      context: 'SignInController',
      credentials: { email: 'ada@example.com', password: REDACTED },
      apiKey: REDACTED,
    });
    expect(completed).toMatchObject({
      level: 30,
      req: {
        url: '/sign-in',
        query: { token: REDACTED },
        headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED },
      },
      res: { statusCode: 201 },
    });
    const everything = JSON.stringify(lines);
    for (const secret of ['hunter2', 'sb_secret_value', 'session=abc', 'sb_key_value', 'from-query']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const server = app.getHttpServer();
    await request(server).get('/health').set(REQUEST_ID_HEADER, 'trace-1.A_b').expect(REQUEST_ID_HEADER, 'trace-1.A_b');

    const unsafe = await request(server).get('/health').set(REQUEST_ID_HEADER, 'bad id\\"}').expect(200);
    expect(unsafe.headers[REQUEST_ID_HEADER]).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await request(server).get('/health').set(REQUEST_ID_HEADER, 'a'.repeat(129)).expect(200);
    expect(tooLong.headers[REQUEST_ID_HEADER]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs probe requests at debug and unknown routes at warn', async () => {
    const server = app.getHttpServer();
    const probe = await request(server).get('/health').expect(200);
    const missing = await request(server).get('/nowhere').expect(404);

    const probeLine = await eventually(() => forRequest(probe.headers[REQUEST_ID_HEADER]).find((l) => l.res));
    const missingLine = await eventually(() => forRequest(missing.headers[REQUEST_ID_HEADER]).find((l) => l.res));
    expect(probeLine.level).toBe(20);
    expect(missingLine.level).toBe(40);
  });
});
