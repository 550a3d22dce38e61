import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { AppConfig } from '@switchboard/config';
import { ApiModule } from '../api.module';
import { ConsoleModule } from '../console/console.module';
import { EmailModule } from '../email/email.module';
import { HealthModule } from '../health/health.module';
import { SlackModule } from '../slack/slack.module';
import { WidgetModule } from '../widget/widget.module';
import { createOpenApiDocument } from './openapi-document';

/**
 * Success responses that deliberately have no JSON schema, by operation and status. Event streams
 * (text/event-stream) and downloads are not JSON and need no entry; a 204 has no body.
 */
const NO_JSON_SCHEMA: Record<string, string> = {};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function controllersOf(module: Type<unknown> | DynamicModule): Array<Type<unknown>> {
  if ('module' in module) return (module.controllers ?? []) as Array<Type<unknown>>;
  return (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Array<Type<unknown>>;
}

/** Every controller the api serves: ApiModule's own and those of the feature modules it imports. */
function apiControllers(): Array<Type<unknown>> {
  const root = ApiModule.forRoot({ knowledge: { uploadMaxBytes: 1 } } as AppConfig);
  const features = [WidgetModule, ConsoleModule, SlackModule, EmailModule, HealthModule];
  return [root, ...features].flatMap(controllersOf);
}

/** The real /openapi.json, from the real controllers; their dependencies are empty stand-ins (nothing is called). */
async function servedDocument(): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers: apiControllers() })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const document = createOpenApiDocument(app);
  await app.close();
  return document;
}

function successResponses(document: OpenAPIObject): Array<{ key: string; response: ResponseObject }> {
  return Object.values(document.paths).flatMap((item) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      return (
        Object.entries(operation.responses)
          .filter(([status]) => status.startsWith('2') && status !== '204')
          // The generator writes responses inline, never as $refs.
          .map(([status, response]) => ({
            key: `${operation.operationId} ${status}`,
            response: response as ResponseObject,
          }))
      );
    }),
  );
}

describe('success responses in the OpenAPI document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await servedDocument();
  });

  it('gives every success response with a body a media type, and every JSON one a schema', () => {
    const responses = successResponses(document);
    expect(responses.length).toBeGreaterThan(50);
    const missing = responses
      .filter(({ key }) => !(key in NO_JSON_SCHEMA))
      .filter(({ response }) => {
        const content = response.content ?? {};
        if (Object.keys(content).length === 0) return true;
        return 'application/json' in content && content['application/json'].schema === undefined;
      })
      .map(({ key }) => key);
    expect(missing).toEqual([]);
  });

  it('closes the objects of success bodies to undocumented fields', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas.WorkspaceResponse).toMatchObject({ additionalProperties: false });
    expect(schemas.TicketViewResponse).toMatchObject({ additionalProperties: false });
    expect(schemas.InboundBounceResponse).toMatchObject({ additionalProperties: false });
    // Reached through a property, through array items.
    expect(schemas.WorkspaceSettingsResponse).toMatchObject({ additionalProperties: false });
    expect(schemas.TicketSourceResponse).toMatchObject({ additionalProperties: false });
  });

  it('lists only exceptions that still exist', () => {
    const keys = new Set(successResponses(document).map(({ key }) => key));
    expect(Object.keys(NO_JSON_SCHEMA).filter((key) => !keys.has(key))).toEqual([]);
  });
});
