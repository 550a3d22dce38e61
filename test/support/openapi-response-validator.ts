import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { TIME_ZONE_FORMAT } from '../../apps/api/src/openapi/dto-rules';

type JsonObject = { [key: string]: unknown };

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}

/** A response as the validator needs it. */
export interface CheckedResponse {
  method: string;
  /** The request's path, with or without a query string. */
  path: string;
  status: number;
  /** The response's Content-Type header, if any. */
  contentType: string | undefined;
  body: unknown;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operation: OperationObject;
}

const DOCUMENT_ID = 'switchboard-openapi';
const REF_PREFIX = '#/components/schemas/';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 → JSON Schema for Ajv: refs point into the registered document; `nullable` allows null. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = `${DOCUMENT_ID}#/definitions/${value.slice(REF_PREFIX.length)}`;
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else {
      out[key] = isObject(value) || Array.isArray(value) ? toJsonSchema(value) : value;
    }
  }
  return node.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return [...new Set((errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`))]
    .slice(0, 6)
    .join('; ');
}

/** The start of a body for a failure message; a stream or empty body has none. */
function preview(body: unknown): string {
  return body === undefined ? '(not JSON)' : JSON.stringify(body).slice(0, 300);
}

function compileRoute(method: string, template: string, operation: OperationObject): Route {
  const segments = template.split('/');
  const source = segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return {
    method,
    template,
    pattern: new RegExp(`^${source.join('/')}$`),
    literalSegments: segments.filter((s) => !s.startsWith('{')).length,
    operation,
  };
}

/**
 * Checks responses against the api's own OpenAPI document: the status must be documented for the operation, and
 * a JSON body must match the schema documented for that status. Paths the document does not describe (assets,
 * Slack, metrics) are not checked.
 */
export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv, ['email', 'uri', 'uuid', 'date-time', 'date']);
    this.ajv.addFormat(TIME_ZONE_FORMAT, { type: 'string', validate: isTimeZone });
    this.ajv.addFormat('binary', true);
    const definitions = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema)]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, definitions });
    this.routes = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => compileRoute(method, template, operation)),
    );
  }

  /** The documented route a request went to; the most literal template wins (`/a/search` over `/a/{id}`). */
  route(method: string, path: string): Route | undefined {
    const bare = path.split('?')[0];
    return this.routes
      .filter((route) => route.method === method.toLowerCase() && route.pattern.test(bare))
      .sort((a, b) => b.literalSegments - a.literalSegments)[0];
  }

  /** What is wrong with this response by the document, or null when it is as documented (or not described). */
  problem(response: CheckedResponse): string | null {
    const route = this.route(response.method, response.path);
    if (!route) return null;
    const where = `${response.method.toUpperCase()} ${route.template} answered ${response.status}`;
    const responses = route.operation.responses ?? {};
    const documented = responses[String(response.status)] ?? responses[`${String(response.status)[0]}XX`];
    if (!documented) {
      return `${where}, which its OpenAPI operation does not document (documented: ${Object.keys(responses).join(', ')}); body: ${preview(response.body)}`;
    }
    const schema = documented.content?.['application/json']?.schema;
    if (schema === undefined || !/^application\/json\b/.test(response.contentType ?? '')) return null;
    const validate = this.compile(`${route.method} ${route.template} ${response.status}`, schema);
    if (validate(response.body)) return null;
    return `${where} with a body that does not match its documented schema: ${describeErrors(validate.errors)}; body: ${preview(response.body)}`;
  }

  private compile(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
