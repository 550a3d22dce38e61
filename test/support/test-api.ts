import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@switchboard/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { checkResponsesOf } from './openapi-checked-apis';
import { TestEnvironment, createTestEnvironment } from './test-environment';

export interface TestApi {
  app: INestApplication;
  config: AppConfig;
  /** Base URL of the booted api on 127.0.0.1. */
  url: string;
  close(): Promise<void>;
}

/** Boots the real api (real Postgres, real Redis) in this process on a random loopback port. */
export async function startApi(environment: TestEnvironment): Promise<TestApi> {
  const config = environment.config('api');
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  checkResponsesOf(url);
  return { app, config, url, close: () => app.close() };
}

/** An api with an environment of its own, for tests that need nothing else. */
export async function startTestApi(prefix: string, overrides: Record<string, string> = {}): Promise<TestApi> {
  const environment = await createTestEnvironment(prefix, overrides);
  const api = await startApi(environment);
  return {
    ...api,
    close: async () => {
      await api.close();
      await environment.destroy();
    },
  };
}
