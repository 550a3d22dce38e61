import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  parameters: Array<{ in: string; name: string; schema?: { format?: string } }>;
  jsonBody: boolean;
  /** The bearer token its declared security scheme takes; null when the document declares none. */
  auth: 'admin-token' | 'api-key' | null;
  /** A property of the JSON body the document does not declare nullable. */
  nonNullable: string | null;
}

interface SchemaObject {
  $ref?: string;
  properties?: Record<string, { nullable?: boolean }>;
}

const MALFORMED_ID = 'not-a-uuid';

/**
 * Every route in the OpenAPI document gets each class of malformed input that once produced a 500. A route that
 * the test can authenticate for must answer 400 naming the problem; every route must stay below 500. A new route
 * is walked the moment it is documented.
 */
describe('malformed input on every documented route', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let apiKey: string;
  let operations: Operation[];
  let schemas: Record<string, SchemaObject>;

  beforeAll(async () => {
    environment = await createTestEnvironment('malformed_input');
    api = await startApi(environment);
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Malformed input' })
      .expect(201);
    apiKey = created.body.apiKey.key;
    const document = (await request(api.url).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, SchemaObject> };
    };
    schemas = document.components.schemas;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        // Event streams stay open by design; their inputs are path parameters, walked below with the rest.
        .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method) && !path.endsWith('/events'))
        .map(([method, operation]) => toOperation(method as Operation['method'], path, operation)),
    );
  });

  afterAll(async () => {
    await api?.close();
    await environment?.destroy();
  });

  function toOperation(method: Operation['method'], path: string, operation: Record<string, unknown>): Operation {
    const security = JSON.stringify(operation.security ?? []);
    const content =
      (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content ?? {};
    const bodySchema = schemas[content['application/json']?.schema?.$ref?.split('/').pop() ?? ''];
    const properties = Object.entries(bodySchema?.properties ?? {});
    return {
      nonNullable: properties.find(([, property]) => !property.nullable)?.[0] ?? null,
      method,
      path,
      parameters: (operation.parameters as Operation['parameters'] | undefined) ?? [],
      jsonBody: 'application/json' in content,
      auth: security.includes('admin-token') ? 'admin-token' : security.includes('api-key') ? 'api-key' : null,
    };
  }

  /** The route's URL with plausible path parameters, or `id` replaced by `idValue`. */
  function url(operation: Operation, idValue?: string): string {
    return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (name === 'inboxKey') return 'ib_unknown';
      if (name === 'index') return '0';
      return idValue ?? randomUUID();
    });
  }

  function send(operation: Operation, path: string, body?: string) {
    let call = request(api.url)[operation.method](path).timeout(10_000);
    if (operation.auth) {
      call = call.set('Authorization', `Bearer ${operation.auth === 'admin-token' ? api.config.adminToken : apiKey}`);
    }
    return body === undefined ? call : call.set('Content-Type', 'application/json').send(body);
  }

  /** Sends the malformed request to each operation; returns the failures as readable lines (empty = pass). */
  async function walk(
    applies: (operation: Operation) => boolean,
    build: (operation: Operation) => { path: string; body?: string },
    expected: (status: number, body: { message?: unknown }) => boolean,
  ): Promise<string[]> {
    const failures: string[] = [];
    const selected = operations.filter(applies);
    expect(selected.length).toBeGreaterThan(0);
    for (const operation of selected) {
      const { path, body } = build(operation);
      const response = await send(operation, path, body);
      const ok = response.status < 500 && (operation.auth === null || expected(response.status, response.body));
      if (!ok)
        failures.push(`${operation.method.toUpperCase()} ${operation.path}: ${response.status} ${response.text}`);
    }
    return failures;
  }

  // The message names the field; the messages under `errors` say what is wrong with it.
  const namesProblem = (word: RegExp) => (status: number, body: { message?: unknown }) =>
    status === 400 && word.test(JSON.stringify(body));

  it('refuses a NUL character in any body string with a 400', async () => {
    const failures = await walk(
      (operation) => operation.jsonBody,
      (operation) => ({ path: url(operation), body: '{"name":"a\\u0000b","question":"a\\u0000b"}' }),
      namesProblem(/NUL/),
    );
    expect(failures).toEqual([]);
  });

  it('refuses a NUL character in a query parameter with a 400', async () => {
    const failures = await walk(
      (operation) => operation.parameters.some((parameter) => parameter.in === 'query'),
      (operation) => {
        const name = operation.parameters.find((parameter) => parameter.in === 'query')?.name ?? 'q';
        return { path: `${url(operation)}?${name}=a%00b` };
      },
      namesProblem(/NUL/),
    );
    expect(failures).toEqual([]);
  });

  it('refuses JSON nested thousands of levels deep with a 400', async () => {
    const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const failures = await walk(
      (operation) => operation.jsonBody,
      (operation) => ({ path: url(operation), body: deep }),
      namesProblem(/nested deeper/),
    );
    expect(failures).toEqual([]);
  });

  it('refuses a __proto__ key with a 400, as every other unknown field', async () => {
    const failures = await walk(
      (operation) => operation.jsonBody,
      (operation) => ({ path: url(operation), body: '{"__proto__":{"admin":true}}' }),
      namesProblem(/__proto__/),
    );
    expect(failures).toEqual([]);
  });

  it('answers a malformed id in a path with a 400 or a 404, never a 500', async () => {
    const failures = await walk(
      (operation) =>
        operation.parameters.some((parameter) => parameter.in === 'path' && /^id$|Id$/.test(parameter.name)),
      (operation) => ({ path: url(operation, MALFORMED_ID), body: operation.jsonBody ? '{}' : undefined }),
      (status) => status === 400 || status === 404,
    );
    expect(failures).toEqual([]);
  });

  it('refuses a number where a date-time query parameter is documented, instead of reading it as a year', async () => {
    const dateTime = (operation: Operation) =>
      operation.parameters.find((parameter) => parameter.in === 'query' && parameter.schema?.format === 'date-time');
    const failures = await walk(
      (operation) => dateTime(operation) !== undefined,
      (operation) => ({ path: `${url(operation)}?${dateTime(operation)?.name}=0` }),
      namesProblem(/ISO 8601/),
    );
    expect(failures).toEqual([]);
  });

  it('refuses null for a body field the document does not declare nullable', async () => {
    const failures = await walk(
      (operation) => operation.nonNullable !== null,
      (operation) => ({ path: url(operation), body: JSON.stringify({ [operation.nonNullable ?? '']: null }) }),
      namesProblem(/must not be null/),
    );
    expect(failures).toEqual([]);
  });

  it('accepts null where the document declares it: a workspace without business hours', async () => {
    const response = await request(api.url)
      .patch('/v1/workspace/settings')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ businessHours: null })
      .expect(200);
    expect(response.body.businessHours ?? response.body.settings?.businessHours ?? null).toBeNull();
  });

  it('refuses a pagination offset past what the database can count with a 400', async () => {
    const failures = await walk(
      (operation) => operation.parameters.some((parameter) => parameter.name === 'offset'),
      (operation) => ({ path: `${url(operation)}?offset=9223372036854775808` }),
      namesProblem(/offset/),
    );
    expect(failures).toEqual([]);
  });
});
