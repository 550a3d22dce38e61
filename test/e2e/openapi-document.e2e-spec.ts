import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { KNOWN_ERRORS } from '../../apps/api/src/openapi/known-errors';
import { RAW_REQUEST_BODIES } from '../../apps/api/src/openapi/request-bodies';
import { SELF_CHECKED_SECURITY } from '../../apps/api/src/openapi/security';
import { TestApi, startTestApi } from '../support/test-api';
import { createWidgetInbox, createWorkspace } from '../support/widget-client';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface Operation {
  method: Method;
  path: string;
  operationId: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: { type?: string; format?: string } }>;
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: Array<Record<string, string[]>>;
}

interface Document {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: {
    schemas: Record<string, { additionalProperties?: boolean; properties?: Record<string, Record<string, unknown>> }>;
    securitySchemes: Record<string, unknown>;
  };
}

const PASSWORD = 'correct horse battery staple';

/**
 * The OpenAPI document says what the server does (issue 12 §2). Every response in the e2e suite is checked against
 * it (test/support/openapi-response-check.ts); this file walks every documented operation, without credentials
 * and with them, so a route whose answers drift from its document fails here even if no other test calls it.
 */
describe('the OpenAPI document tells the truth', () => {
  let api: TestApi;
  let document: Document;
  let operations: Operation[];
  const tokens: Record<string, string> = {};
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi('openapi_document');
    document = (await request(api.url).get('/openapi.json').expect(200)).body as Document;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ ...operation, method: method as Method, path })),
    );

    const workspace = await createWorkspace(api, 'Documented');
    const widget = await createWidgetInbox(api, workspace.auth);
    const email = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Mail', channel: 'email', settings: { address: 'help@documented.test' } })
      .expect(201);
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', workspace.auth)
      .send({ email: 'ada@documented.test', name: 'Ada', role: 'admin', password: PASSWORD })
      .expect(201);
    const login = await request(api.url)
      .post('/v1/console/login')
      .send({ email: 'ada@documented.test', password: PASSWORD })
      .expect(200);
    const visitor = await request(api.url).post(`/v1/widget/${widget.publicKey}/session`).send({}).expect(200);
    Object.assign(tokens, {
      'admin-token': api.config.adminToken,
      'api-key': workspace.auth.replace('Bearer ', ''),
      'console-session': login.body.token,
      'widget-visitor-token': visitor.body.visitorToken,
      'email-webhook-secret': email.body.webhookSecret,
    });
    Object.assign(keys, { widget: widget.publicKey, email: email.body.inbox.publicKey });
  });

  afterAll(() => api?.close());

  const scheme = (operation: Operation): string | undefined => Object.keys(operation.security?.[0] ?? {})[0];
  // Event streams stay open by design; the widget and console specs read them, and their responses are checked.
  const walkable = () =>
    operations.filter((o) => !o.path.endsWith('/events') && o.operationId !== 'ConsoleSessionController_logout');

  function url(operation: Operation): string {
    return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (name === 'inboxKey') return operation.path.startsWith('/v1/email/') ? keys.email : keys.widget;
      if (name === 'index') return '0';
      return randomUUID();
    });
  }

  /** Sends the request; returns the problem as a line, or null when it was answered as documented. */
  async function problem(operation: Operation, token: string | null, accept: (status: number) => boolean) {
    let call = request(api.url)[operation.method](url(operation)).timeout(10_000);
    if (token) call = call.set('Authorization', `Bearer ${token}`);
    if (operation.requestBody?.content['application/json']) call = call.send({});
    try {
      const response = await call;
      return accept(response.status) ? null : `${operation.operationId}: ${response.status} ${response.text}`;
    } catch (error) {
      // The response check: an undocumented status or a body that does not match its schema.
      return `${operation.operationId}: ${(error as Error).message}`;
    }
  }

  async function walk(selected: Operation[], token: (o: Operation) => string | null, accept: (s: number) => boolean) {
    expect(selected.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const operation of selected) {
      const found = await problem(operation, token(operation), accept);
      if (found) problems.push(found);
    }
    return problems;
  }

  it('answers every secured operation without credentials with its documented 401', async () => {
    const secured = walkable().filter((operation) => scheme(operation) !== undefined);
    expect(
      await walk(
        secured,
        () => null,
        (status) => status === 401,
      ),
    ).toEqual([]);
  });

  it('answers every operation, with credentials, unknown ids and an empty body, as documented and below 500', async () => {
    const problems = await walk(
      walkable(),
      (operation) => tokens[scheme(operation) ?? ''] ?? null,
      (status) => status < 500,
    );
    expect(problems).toEqual([]);
  });

  it('documents every error status with the shared error body', () => {
    const undocumented = operations.flatMap((operation) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400 && !operation.path.match(/^\/(health|ready)$/))
        .filter(
          ([, response]) => response.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody',
        )
        .map(([status]) => `${operation.operationId} ${status}`),
    );
    expect(undocumented).toEqual([]);
    const everywhere = operations.filter((operation) => '400' in operation.responses && '413' in operation.responses);
    expect(everywhere).toHaveLength(operations.length);
  });

  it('names only operations that exist in its lists of what metadata cannot tell', () => {
    const ids = new Set(operations.map((operation) => operation.operationId));
    const listed = [KNOWN_ERRORS, RAW_REQUEST_BODIES, SELF_CHECKED_SECURITY].flatMap((list) => Object.keys(list));
    expect(listed.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('declares the credentials each route takes', () => {
    const security = (id: string) => operations.find((o) => o.operationId === id)?.security;
    expect(security('WidgetController_post')).toEqual([{ 'widget-visitor-token': [] }]);
    expect(security('WidgetController_events')).toEqual([
      { 'widget-visitor-token': [] },
      { 'widget-visitor-token-query': [] },
    ]);
    expect(security('ConsoleTicketsController_list')).toEqual([{ 'console-session': [] }]);
    expect(security('ConsoleSessionController_login')).toBeUndefined();
    expect(security('InboxesController_list')).toEqual([{ 'api-key': [] }]);
    expect(security('WorkspacesController_list')).toEqual([{ 'admin-token': [] }]);
    expect(security('EmailWebhookController_inbound')).toEqual([{ 'email-webhook-secret': [] }]);
  });

  it('types limit and offset as integers and declares the formats the server checks', () => {
    const paging = operations.flatMap((o) => o.parameters ?? []).filter((p) => ['limit', 'offset'].includes(p.name));
    expect(paging.length).toBeGreaterThan(0);
    expect(paging.filter((parameter) => parameter.schema?.type !== 'integer')).toEqual([]);
    const property = (schema: string, name: string) => document.components.schemas[schema].properties?.[name];
    expect(property('CreateAgentDto', 'email')).toMatchObject({ format: 'email' });
    expect(property('CrawlSettingsDto', 'url')).toMatchObject({ format: 'uri' });
    expect(property('TurnDto', 'documentIds')).toMatchObject({ items: { format: 'uuid' } });
    expect(property('WorkspaceSettingsDto', 'timezone')).toMatchObject({ format: 'iana-time-zone' });
  });

  it('closes every JSON request body to fields it does not declare', () => {
    const bodies = operations.flatMap((o) => o.requestBody?.content['application/json']?.schema?.$ref ?? []);
    const open = bodies
      .map((ref) => ref.split('/').pop() ?? '')
      .filter((name) => document.components.schemas[name].additionalProperties !== false);
    expect(bodies.length).toBeGreaterThan(10);
    expect(open).toEqual([]);
  });

  it('documents the JSONL import body, with replace optional, and accepts an import without replace', async () => {
    const importJsonl = operations.find((o) => o.operationId === 'KnowledgeController_importJsonl');
    expect(Object.keys(importJsonl?.requestBody?.content ?? {})).toContain('application/x-ndjson');
    expect(importJsonl?.parameters?.find((p) => p.name === 'replace')?.required).toBe(false);

    const auth = `Bearer ${tokens['api-key']}`;
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send({ name: 'Imported', type: 'text', visibility: 'public' })
      .expect(201);
    await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-ndjson')
      .send('{"id":"a","title":"Hours","text":"Open daily."}\n')
      .expect(202);
  });
});
