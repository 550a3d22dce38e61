import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@switchboard/config';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { UnsafeInputPipe } from './http/unsafe-input.pipe';
import { explainBodyTooLarge } from './http/body-too-large';
import { createValidationPipe } from './http/validation.pipe';
import { createOpenApiDocument } from './openapi/openapi-document';
import { JSONL_MEDIA_TYPES } from './openapi/request-bodies';

/** Largest JSON body accepted (README: "JSON bodies are limited to 2 MB"). */
const JSON_BODY_MAX_BYTES = 2 * 1024 * 1024;

/** Builds the api with everything main.ts and the e2e tests share; the caller decides where it listens. */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bufferLogs: true,
    // Slack signs the exact bytes it sends: its receiver verifies req.rawBody, kept by the json and form parsers.
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: JSON_BODY_MAX_BYTES });
  app.useBodyParser('raw', {
    type: JSONL_MEDIA_TYPES,
    limit: config.knowledge.importMaxBytes,
  });
  // Registered right after the parsers, so their 413 names the limit (routes come later, at init).
  app.use(explainBodyTooLarge({ json: JSON_BODY_MAX_BYTES, import: config.knowledge.importMaxBytes }));
  app.useGlobalPipes(new UnsafeInputPipe(), createValidationPipe());
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}
