import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** OpenAI's own OpenAPI document, kept outside the repository (see /work/shared/openai/README.md). */
export const OPENAI_OPENAPI_RELATIVE_PATH = path.join('shared', 'openai', 'openapi.json');

type JsonObject = { [key: string]: unknown };

interface OpenApiMedia {
  schema?: unknown;
}

interface OpenApiOperation {
  requestBody?: { content: Record<string, OpenApiMedia> };
  responses: Record<string, { $ref?: string; content?: Record<string, OpenApiMedia> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content?: Record<string, OpenApiMedia> }>;
  };
}

/** The endpoints the double serves, by their path in the spec. */
export type OpenAiEndpoint = '/chat/completions' | '/embeddings';

/** The files and fine-tuning operations the double serves, as `METHOD path-in-the-spec`. */
export type OpenAiFineTuningOperation =
  | 'POST /files'
  | 'POST /fine_tuning/jobs'
  | 'GET /fine_tuning/jobs/{fine_tuning_job_id}'
  | 'GET /fine_tuning/jobs/{fine_tuning_job_id}/events';

export const OPENAI_FINE_TUNING_OPERATIONS: readonly OpenAiFineTuningOperation[] = [
  'POST /files',
  'POST /fine_tuning/jobs',
  'GET /fine_tuning/jobs/{fine_tuning_job_id}',
  'GET /fine_tuning/jobs/{fine_tuning_job_id}/events',
];

/** Which answer of an endpoint a body is: the JSON reply, one SSE chunk of a stream, or an error. */
export type OpenAiAnswerKind = 'json' | 'chunk' | 'error';

const SCHEMA_ID = 'openai-openapi';
const REF_PREFIX = '#/components/schemas/';
const DROPPED = new Set(['example', 'examples', 'discriminator', 'readOnly', 'writeOnly', 'deprecated']);

/** Walks up from each start directory looking for `shared/openai/openapi.json` beside the repository. */
export function locateOpenAiOpenApi(startDirs: readonly string[] = [process.cwd(), __dirname]): string {
  for (const start of startDirs) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, OPENAI_OPENAPI_RELATIVE_PATH);
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`OpenAI OpenAPI document not found: ${OPENAI_OPENAPI_RELATIVE_PATH} above ${startDirs.join(', ')}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The document's schemas → JSON Schema for Ajv. It is OpenAPI 3.1 but keeps some 3.0 forms: `nullable` becomes an
 * explicit `null` alternative and a boolean `exclusiveMinimum` a numeric one; annotations (x-*, examples) go.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-') || key === 'nullable' || key === 'exclusiveMinimum') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = `${SCHEMA_ID}#/definitions/${value.slice(REF_PREFIX.length)}`;
    } else if (key === 'required' && Array.isArray(value)) {
      // A few of the document's schemas list a required name twice, which JSON Schema forbids.
      out.required = [...new Set(value)];
    } else if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  } else if (typeof node.exclusiveMinimum === 'number') {
    out.exclusiveMinimum = node.exclusiveMinimum;
  }
  if (node.nullable !== true) return out;
  return { anyOf: [out, { type: 'null' }] };
}

function buildAjv(spec: OpenApiDocument): Ajv {
  // strict off: the spec carries OpenAPI-only annotations Ajv's strict mode would reject, not errors in the data.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ['date', 'uri']);
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addFormat('binary', true);
  const definitions = Object.fromEntries(
    Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  return ajv;
}

/** `/messages/0/role must be equal to one of the allowed values` → `messages[0].role: ...`, the deepest few first. */
function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  // "must match a schema in anyOf" and a nullable field's "must be null" only repeat the error that matters.
  const telling = (errors ?? []).filter(
    (error) =>
      error.keyword !== 'anyOf' &&
      error.keyword !== 'oneOf' &&
      !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null'),
  );
  const messages = (telling.length > 0 ? telling : (errors ?? [])).map((error) => {
    const where = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
      .join('');
    return `${where || 'body'}: ${error.message ?? 'is invalid'}`;
  });
  // anyOf and oneOf failures repeat every branch's error; the deepest ones say what is actually wrong.
  const unique = [...new Set(messages)];
  return unique.sort((a, b) => b.split(/[.[]/).length - a.split(/[.[]/).length).slice(0, 6);
}

/** Validates the requests and answers of the endpoints the OpenAI double serves against OpenAI's OpenAPI document. */
export class OpenAiOpenApiValidator {
  private static cached: OpenAiOpenApiValidator | undefined;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: OpenApiDocument) {
    this.ajv = buildAjv(spec);
  }

  /** Loads (once per process) the spec found beside the repository. */
  static load(): OpenAiOpenApiValidator {
    OpenAiOpenApiValidator.cached ??= new OpenAiOpenApiValidator(
      JSON.parse(fs.readFileSync(locateOpenAiOpenApi(), 'utf8')) as OpenApiDocument,
    );
    return OpenAiOpenApiValidator.cached;
  }

  /**
   * One message per way the body differs from the endpoint's request schema. Arguments the schema does not name
   * are reported as OpenAI does ("Unrecognized request argument supplied"), even where the schema leaves them open.
   */
  requestProblems(endpoint: OpenAiEndpoint, body: unknown): string[] {
    const schema = this.operation(endpoint).requestBody?.content['application/json']?.schema;
    if (schema === undefined) throw new Error(`${endpoint} takes no JSON body in the spec`);
    if (!isObject(body)) return ['body: must be a JSON object'];
    const known = this.propertyNames(schema);
    const unknown = Object.keys(body)
      .filter((name) => !known.has(name))
      .map((name) => `Unrecognized request argument supplied: ${name}`);
    const validate = this.compile(`${endpoint}:request`, schema);
    // Judge the known arguments only: an unknown one is already reported, and the schema would repeat it.
    const knownOnly = Object.fromEntries(Object.entries(body).filter(([name]) => known.has(name)));
    return [...unknown, ...(validate(knownOnly) ? [] : formatErrors(validate.errors))];
  }

  /** One message per way an answer of the double differs from the documented shape of that answer. */
  answerProblems(endpoint: OpenAiEndpoint, kind: OpenAiAnswerKind, body: unknown): string[] {
    const schema = this.answerSchema(endpoint, kind);
    const validate = this.compile(`${endpoint}:${kind}`, schema);
    return validate(body) ? [] : formatErrors(validate.errors).map((problem) => `${kind} answer ${problem}`);
  }

  /** Compiles every schema the double uses now, so no request pays for it (and no timing test measures it). */
  precompile(): void {
    for (const endpoint of ['/chat/completions', '/embeddings'] as const) {
      const request = this.operation(endpoint).requestBody?.content['application/json']?.schema;
      if (request !== undefined) this.compile(`${endpoint}:request`, request);
      const kinds: OpenAiAnswerKind[] = endpoint === '/embeddings' ? ['json', 'error'] : ['json', 'chunk', 'error'];
      for (const kind of kinds) this.compile(`${endpoint}:${kind}`, this.answerSchema(endpoint, kind));
    }
  }

  // Files and fine-tuning (kept apart from the chat and embeddings methods above).

  /**
   * One message per way a files or fine-tuning request body differs from the operation's schema: the multipart
   * fields of an upload, the JSON of a job. Unknown arguments are reported as OpenAI does.
   */
  fineTuningRequestProblems(operation: OpenAiFineTuningOperation, body: unknown): string[] {
    const media = operation === 'POST /files' ? 'multipart/form-data' : 'application/json';
    const schema = this.fineTuningOperation(operation).requestBody?.content[media]?.schema;
    if (schema === undefined) return [];
    if (!isObject(body)) return ['body: must be an object'];
    const known = this.propertyNames(schema);
    const unknown = Object.keys(body)
      .filter((name) => !known.has(name))
      .map((name) => `Unrecognized request argument supplied: ${name}`);
    const validate = this.compile(`${operation}:request`, schema);
    const knownOnly = Object.fromEntries(Object.entries(body).filter(([name]) => known.has(name)));
    return [...unknown, ...(validate(knownOnly) ? [] : formatErrors(validate.errors))];
  }

  /** One message per way an answer of the double to a files or fine-tuning request differs from its documented shape. */
  fineTuningAnswerProblems(operation: OpenAiFineTuningOperation, kind: 'json' | 'error', body: unknown): string[] {
    const schema =
      kind === 'error'
        ? { $ref: `${REF_PREFIX}ErrorResponse` }
        : this.fineTuningOperation(operation).responses['200']?.content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`${operation} documents no JSON answer`);
    const validate = this.compile(`${operation}:${kind}`, schema);
    return validate(body) ? [] : formatErrors(validate.errors).map((problem) => `${kind} answer ${problem}`);
  }

  private fineTuningOperation(operation: OpenAiFineTuningOperation): OpenApiOperation {
    const [method, path] = operation.split(' ') as [string, string];
    const found = this.spec.paths[path]?.[method.toLowerCase()];
    if (!found) throw new Error(`${operation} is not in the spec`);
    return found;
  }

  private answerSchema(endpoint: OpenAiEndpoint, kind: OpenAiAnswerKind): unknown {
    const responses = this.operation(endpoint).responses;
    if (kind === 'error') {
      const rateLimited = responses['429'];
      const shared = rateLimited?.$ref ? this.spec.components.responses[rateLimited.$ref.split('/').pop() ?? ''] : null;
      const schema = (shared ?? rateLimited)?.content?.['application/json']?.schema;
      if (schema === undefined) throw new Error(`${endpoint} documents no error body`);
      return schema;
    }
    const media = kind === 'chunk' ? 'text/event-stream' : 'application/json';
    const schema = responses['200']?.content?.[media]?.schema;
    if (schema === undefined) throw new Error(`${endpoint} documents no ${media} answer`);
    return schema;
  }

  private operation(endpoint: OpenAiEndpoint): OpenApiOperation {
    const operation = this.spec.paths[endpoint]?.post;
    if (!operation) throw new Error(`POST ${endpoint} is not in the spec`);
    return operation;
  }

  /** Every property name the schema documents, through $ref, allOf, anyOf and oneOf. */
  private propertyNames(schema: unknown, seen = new Set<unknown>()): Set<string> {
    const names = new Set<string>();
    if (!isObject(schema) || seen.has(schema)) return names;
    seen.add(schema);
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith(REF_PREFIX)) {
      return this.propertyNames(this.spec.components.schemas[schema.$ref.slice(REF_PREFIX.length)], seen);
    }
    if (isObject(schema.properties)) Object.keys(schema.properties).forEach((name) => names.add(name));
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const parts = schema[key];
      if (Array.isArray(parts)) parts.forEach((part) => this.propertyNames(part, seen).forEach((n) => names.add(n)));
    }
    return names;
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
