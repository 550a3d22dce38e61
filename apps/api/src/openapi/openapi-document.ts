import { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { refineDocument } from './refine-document';

function controllersOf(app: INestApplication): Array<Type<unknown>> {
  return [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type<unknown>),
  );
}

/** The OpenAPI document served at /openapi.json: generated from the decorators, then refined from the metadata. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard API')
      .setDescription('Workspaces, inboxes, agents, knowledge and conversations.')
      .setVersion('0.1.0')
      .build(),
  );
  return refineDocument(generated, controllersOf(app));
}
