import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Qdrant's own OpenAPI document, kept outside the repository (see /work/shared/qdrant/README.md). */
export const QDRANT_OPENAPI_RELATIVE_PATH = path.join('shared', 'qdrant', 'openapi-v1.18.json');

type JsonObject = { [key: string]: unknown };

interface OpenApiMedia {
  schema?: unknown;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMedia> };
  responses: Record<string, { content?: Record<string, OpenApiMedia> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/** An operation of the spec that a request resolved to. */
export interface MatchedOperation {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/collections/{collection_name}/points/query/batch`. */
  template: string;
  pathParams: Record<string, string>;
}

interface CompiledOperation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
  operation: OpenApiOperation;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SCHEMA_ID = 'qdrant-openapi';
const REF_PREFIX = '#/components/schemas/';

/** Walks up from each start directory looking for `shared/qdrant/openapi-v1.18.json` beside the repository. */
export function locateQdrantOpenApi(startDirs: readonly string[] = [process.cwd(), __dirname]): string {
  for (const start of startDirs) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, QDRANT_OPENAPI_RELATIVE_PATH);
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(
    `Qdrant OpenAPI document not found: looked for ${QDRANT_OPENAPI_RELATIVE_PATH} in every parent of ${startDirs.join(', ')}`,
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not', 'additionalItems', 'contains']);
const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'readOnly', 'writeOnly']);

/**
 * OpenAPI 3.0 schema → JSON Schema (draft 7) for Ajv: component refs point into one registered schema, and
 * `nullable` becomes an explicit `null` alternative. A bare `{nullable: true}` (schemars' "or null") means
 * "null", not "anything": read literally it would let every optional field accept garbage.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = `${SCHEMA_ID}#/definitions/${value.slice(REF_PREFIX.length)}`;
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = toJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  if (node.nullable !== true) return out;
  const constraints = Object.keys(out).filter((k) => !['description', 'default', 'title', 'format'].includes(k));
  if (constraints.length === 0) return { ...out, type: 'null' };
  if (typeof out.type === 'string' && !('$ref' in out) && !('anyOf' in out) && !('oneOf' in out)) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

const UINT_LIMITS: Record<string, number> = {
  uint8: 0xff,
  uint32: 0xffffffff,
  uint64: Number.MAX_SAFE_INTEGER,
  uint: Number.MAX_SAFE_INTEGER,
};

function buildAjv(spec: OpenApiDocument): Ajv {
  // strict off: the spec carries OpenAPI-only annotations Ajv's strict mode would reject, not errors in the data.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv, ['uuid', 'date-time', 'uri']);
  for (const [format, max] of Object.entries(UINT_LIMITS)) {
    ajv.addFormat(format, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= max });
  }
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('binary', true);
  ajv.addFormat('partial-date-time', true);
  const definitions = Object.fromEntries(
    Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  return ajv;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  // anyOf failures repeat every branch's error; the deepest few say what is actually wrong.
  const unique = [...new Set((errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`))];
  const deepest = unique.sort((a, b) => b.split('/').length - a.split('/').length).slice(0, 6);
  return deepest.join('; ');
}

function coerceQueryValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

/** Validates requests and responses against Qdrant's OpenAPI document, operation by operation. */
export class QdrantOpenApiValidator {
  private static cached: QdrantOpenApiValidator | undefined;
  private readonly ajv: Ajv;
  private readonly operations: CompiledOperation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: OpenApiDocument) {
    this.ajv = buildAjv(spec);
    for (const [template, methods] of Object.entries(spec.paths)) {
      const paramNames: string[] = [];
      const segments = template.split('/').filter(Boolean);
      const pattern = segments
        .map((segment) => {
          const param = /^\{(.+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          paramNames.push(param[1]);
          return '([^/]+)';
        })
        .join('/');
      for (const [method, operation] of Object.entries(methods)) {
        if (!HTTP_METHODS.includes(method)) continue;
        this.operations.push({
          operationId: operation.operationId ?? `${method} ${template}`,
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^/${pattern}/?$`),
          paramNames,
          literalSegments: segments.length - paramNames.length,
          operation,
        });
      }
    }
    // A literal segment beats a parameter (`/points/scroll` is not `/points/{id}`).
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** Loads (once per process) the spec found beside the repository. */
  static load(): QdrantOpenApiValidator {
    if (!QdrantOpenApiValidator.cached) {
      const file = locateQdrantOpenApi();
      QdrantOpenApiValidator.cached = new QdrantOpenApiValidator(
        JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument,
      );
    }
    return QdrantOpenApiValidator.cached;
  }

  get version(): string {
    return this.spec.info.version;
  }

  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const op of this.operations) {
      if (op.method !== method.toUpperCase()) continue;
      const found = op.pattern.exec(pathname);
      if (!found) continue;
      const pathParams = Object.fromEntries(op.paramNames.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { operationId: op.operationId, method: op.method, template: op.template, pathParams };
    }
    return undefined;
  }

  /** Returns one message per problem: unknown or invalid query parameters, a missing, unexpected or invalid body. */
  validateRequest(op: MatchedOperation, query: URLSearchParams, body: unknown): string[] {
    const operation = this.operation(op);
    const problems: string[] = [];
    const declared = new Map((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const parameter = declared.get(name);
      if (!parameter) {
        problems.push(`query parameter "${name}" is not in the spec`);
        continue;
      }
      const validate = this.compile(`${op.operationId}?${name}`, parameter.schema ?? {});
      for (const raw of query.getAll(name)) {
        if (!validate(coerceQueryValue(raw))) {
          problems.push(`query parameter "${name}"=${raw}: ${formatErrors(validate.errors)}`);
        }
      }
    }
    for (const parameter of declared.values()) {
      if (parameter.required && !query.has(parameter.name))
        problems.push(`query parameter "${parameter.name}" is required`);
    }
    const schema = operation.requestBody?.content['application/json']?.schema;
    if (body === undefined) {
      if (operation.requestBody?.required) problems.push('request body is required');
      return problems;
    }
    if (schema === undefined) {
      problems.push('the operation takes no JSON body');
      return problems;
    }
    const validate = this.compile(`${op.operationId}:request`, schema);
    if (!validate(body)) problems.push(`request body: ${formatErrors(validate.errors)}`);
    return problems;
  }

  validateResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    const responses = this.operation(op).responses;
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : 'default';
    const schema = responses[key]?.content?.['application/json']?.schema;
    if (!(key in responses)) return [`status ${status} is not a documented response`];
    if (schema === undefined) return [];
    const validate = this.compile(`${op.operationId}:${key}`, schema);
    return validate(body) ? [] : [`response ${status} body: ${formatErrors(validate.errors)}`];
  }

  /** Compiles the validators of these operations now, so the first request of a test does not pay for it. */
  precompile(operationIds: readonly string[]): void {
    for (const { operationId, operation } of this.operations) {
      if (!operationIds.includes(operationId)) continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query') this.compile(`${operationId}?${parameter.name}`, parameter.schema ?? {});
      }
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body !== undefined) this.compile(`${operationId}:request`, body);
      for (const [key, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (schema !== undefined) this.compile(`${operationId}:${key}`, schema);
      }
    }
  }

  private operation(op: MatchedOperation): OpenApiOperation {
    const found = this.spec.paths[op.template]?.[op.method.toLowerCase()];
    if (!found) throw new Error(`Operation ${op.method} ${op.template} is not in the spec`);
    return found;
  }

  private compile(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as JsonObject);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
