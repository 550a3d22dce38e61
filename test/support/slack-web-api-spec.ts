import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Slack's own OpenAPI 2 document for its Web API, kept outside the repository (see /work/shared/slack/README.md). */
export const SLACK_OPENAPI_RELATIVE_PATH = path.join('shared', 'slack', 'slack_web_openapi_v2.json');

type JsonObject = { [key: string]: unknown };

interface SwaggerParameter {
  name: string;
  in: 'header' | 'query' | 'formData';
  required?: boolean;
  type?: 'string' | 'boolean' | 'integer' | 'number';
}

interface SwaggerOperation {
  operationId: string;
  parameters?: SwaggerParameter[];
  responses: Record<string, { schema?: JsonObject }>;
}

interface SwaggerDocument {
  swagger: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, unknown>;
}

/** Why Slack refused a call: the `error` of its `{ok: false, error}` answer, and what was wrong, for the test log. */
export interface SlackRefusal {
  error: string;
  problem: string;
}

const SCHEMA_ID = 'slack-web-api';
const REF_PREFIX = '#/definitions/';
/**
 * Errors Slack's live documentation lists for every method; the 2021 document leaves some out of a method's
 * enum (chat.postMessage has no token_revoked), and its README says to follow the live documentation there.
 */
const ERRORS_OF_EVERY_METHOD = [
  'not_authed',
  'invalid_auth',
  'access_denied',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'ratelimited',
  'request_timeout',
  'service_unavailable',
  'fatal_error',
  'internal_error',
];
/** Message methods refuse a call with none of these: "no_text" (a documented rule the schema cannot express). */
const MESSAGE_CONTENT = ['text', 'blocks', 'attachments'];

/** Walks up from each start directory looking for `shared/slack/slack_web_openapi_v2.json` beside the repository. */
export function locateSlackOpenApi(startDirs: readonly string[] = [process.cwd(), __dirname]): string {
  for (const start of startDirs) {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, SLACK_OPENAPI_RELATIVE_PATH);
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(
    `Slack OpenAPI document not found: looked for ${SLACK_OPENAPI_RELATIVE_PATH} above ${startDirs.join(', ')}`,
  );
}

/** Definition refs point into one registered schema, so each method's schemas compile on their own. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)
        ? [key, `${SCHEMA_ID}#/definitions/${value.slice(REF_PREFIX.length)}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return [...new Set((errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`))].join('; ');
}

/**
 * Checks Web API calls and answers against Slack's OpenAPI document, method by method: which methods exist, their
 * arguments (required ones and types, as Slack reads form fields) and the shapes of their success and error answers.
 */
export class SlackWebApiSpec {
  private static cached: SlackWebApiSpec | undefined;
  private readonly methods = new Map<string, SwaggerOperation>();
  /** Coerces as Slack reads a form: `"true"` is a boolean, `"3"` an integer. */
  private readonly argumentsAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  private readonly responsesAjv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: SwaggerDocument) {
    for (const [route, operations] of Object.entries(spec.paths)) {
      for (const operation of Object.values(operations)) this.methods.set(route.replace(/^\//, ''), operation);
    }
    addFormats(this.responsesAjv);
    this.responsesAjv.addSchema({ $id: SCHEMA_ID, definitions: rewriteRefs(spec.definitions) });
  }

  /** Loads (once per process) the document found beside the repository. */
  static load(): SlackWebApiSpec {
    SlackWebApiSpec.cached ??= new SlackWebApiSpec(
      JSON.parse(fs.readFileSync(locateSlackOpenApi(), 'utf8')) as SwaggerDocument,
    );
    return SlackWebApiSpec.cached;
  }

  has(method: string): boolean {
    return this.methods.has(method);
  }

  /**
   * Null when Slack would take the call; otherwise the error Slack answers: `unknown_method`, `not_authed` without
   * a token, `channel_not_found` without a channel, `no_text` for an empty message, `invalid_arguments` otherwise.
   * `args` are as sent: form fields are strings, JSON bodies may carry arrays and objects (blocks).
   */
  refusal(method: string, token: string | null, args: Record<string, unknown>): SlackRefusal | null {
    const operation = this.methods.get(method);
    if (!operation) return { error: 'unknown_method', problem: `${method} is not a Web API method` };
    const parameters = (operation.parameters ?? []).filter((p) => p.name !== 'token');
    if (!token && operation.parameters?.some((p) => p.name === 'token')) {
      return { error: 'not_authed', problem: 'no token in the Authorization header or the arguments' };
    }
    const missing = parameters.find((p) => p.required && (args[p.name] === undefined || args[p.name] === ''));
    if (missing) {
      const error = missing.name === 'channel' ? 'channel_not_found' : 'invalid_arguments';
      return { error, problem: `required argument ${missing.name} is missing` };
    }
    if (this.errorsOf(method).includes('no_text') && parameters.some((p) => MESSAGE_CONTENT.includes(p.name))) {
      if (MESSAGE_CONTENT.every((name) => args[name] === undefined || args[name] === '')) {
        return { error: 'no_text', problem: 'none of text, blocks or attachments' };
      }
    }
    const validate = this.argumentsValidator(method, parameters);
    const asForm = Object.fromEntries(
      Object.entries(args).map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : value]),
    );
    if (!validate(asForm)) return { error: 'invalid_arguments', problem: formatErrors(validate.errors) };
    return null;
  }

  /** One message per way the answer differs from the documented success (`ok: true`) or error shape. */
  responseProblems(method: string, body: JsonObject): string[] {
    const operation = this.methods.get(method);
    if (!operation) return body.ok === false && body.error === 'unknown_method' ? [] : [`${method} is not in the spec`];
    const key = body.ok === true ? '200' : 'default';
    const schema = operation.responses[key]?.schema;
    if (!schema) return [`${method} documents no ${key} response`];
    const validate = this.responseValidator(method, key, schema);
    return validate(body) ? [] : [`${method} ${key} response: ${formatErrors(validate.errors)}`];
  }

  private errorsOf(method: string): string[] {
    const schema = this.methods.get(method)?.responses.default?.schema;
    const error = (schema?.properties as JsonObject | undefined)?.error as { enum?: string[] } | undefined;
    return error?.enum ?? [];
  }

  private argumentsValidator(method: string, parameters: SwaggerParameter[]): ValidateFunction {
    const key = `${method}:arguments`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.argumentsAjv.compile({
        type: 'object',
        // Slack ignores arguments it does not know; it refuses only documented ones of the wrong type.
        properties: Object.fromEntries(parameters.map((p) => [p.name, { type: p.type ?? 'string' }])),
      });
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private responseValidator(method: string, key: string, schema: JsonObject): ValidateFunction {
    const cacheKey = `${method}:${key}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.responsesAjv.compile(
        rewriteRefs(key === 'default' ? withCommonErrors(schema) : schema) as object,
      );
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }
}

function withCommonErrors(schema: JsonObject): JsonObject {
  const properties = schema.properties as JsonObject | undefined;
  const error = properties?.error as { enum?: string[] } | undefined;
  if (!properties || !error?.enum) return schema;
  const errors = [...new Set([...error.enum, ...ERRORS_OF_EVERY_METHOD])];
  return { ...schema, properties: { ...properties, error: { ...error, enum: errors } } };
}
