import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ActionParametersSchema } from '@switchboard/database';
import { LRUCache } from 'lru-cache';

/** A parameter (and placeholder) name. */
export const PARAMETER_NAME = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_PARAMETERS = 20;

/** One problem with a call's arguments; `parameter` is null when the problem is with the whole set. */
export interface ArgumentProblem {
  parameter: string | null;
  message: string;
}

/** The message of a problem that is a required parameter without a value. */
export const MISSING_VALUE = 'is required';

/** The JSON Schema subset actions support: an object of string parameters. */
const PARAMETERS_META_SCHEMA = {
  type: 'object',
  required: ['type', 'properties'],
  additionalProperties: false,
  properties: {
    type: { const: 'object' },
    properties: {
      type: 'object',
      maxProperties: MAX_PARAMETERS,
      propertyNames: { pattern: PARAMETER_NAME.source },
      additionalProperties: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: { const: 'string' },
          description: { type: 'string', maxLength: 1000 },
          pattern: { type: 'string', minLength: 1, maxLength: 500 },
          enum: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            uniqueItems: true,
            items: { type: 'string', minLength: 1, maxLength: 200 },
          },
          format: { enum: ['date', 'email'] },
          minLength: { type: 'integer', minimum: 0, maximum: 10_000 },
          maxLength: { type: 'integer', minimum: 1, maximum: 10_000 },
          'x-aliases': {
            type: 'object',
            maxProperties: 100,
            additionalProperties: {
              type: 'array',
              maxItems: 50,
              items: { type: 'string', minLength: 1, maxLength: 100 },
            },
          },
        },
      },
    },
    required: { type: 'array', uniqueItems: true, maxItems: MAX_PARAMETERS, items: { type: 'string' } },
    additionalProperties: { type: 'boolean' },
  },
} as const;

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv, ['date', 'email']);
  // Customer synonyms for enum values: read by the matcher, ignored by validation.
  ajv.addKeyword({ keyword: 'x-aliases', schemaType: 'object' });
  return ajv;
}

const ajv = createAjv();
const validateParametersSchema = ajv.compile(PARAMETERS_META_SCHEMA);
// Definitions are read fresh for every call; compiling a schema is the costly part, so compiled ones are kept.
const compiled = new LRUCache<string, ValidateFunction>({ max: 1000 });

function path(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
}

function describeSchemaError(error: ErrorObject): string {
  const at = ['parameters', path(error.instancePath)].filter(Boolean).join('.');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties')
    return `${at} has "${String(params.additionalProperty)}", which is not supported`;
  if (error.propertyName !== undefined) {
    return `${at} has "${error.propertyName}", which is not a parameter name (${PARAMETER_NAME.source})`;
  }
  if (error.keyword === 'const') return `${at} must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'enum') return `${at} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  return `${at} ${error.message ?? 'is invalid'}`;
}

function semanticProblems(schema: ActionParametersSchema): string[] {
  const problems: string[] = [];
  for (const name of schema.required ?? []) {
    if (!(name in schema.properties)) problems.push(`parameters.required names "${name}", which is not a parameter`);
  }
  for (const [name, parameter] of Object.entries(schema.properties)) {
    const at = `parameters.properties.${name}`;
    if (parameter.pattern !== undefined) {
      try {
        new RegExp(parameter.pattern, 'u');
      } catch {
        problems.push(`${at}.pattern is not a valid regular expression`);
      }
    }
    const aliases = parameter['x-aliases'];
    if (aliases && !parameter.enum) problems.push(`${at}.x-aliases needs an enum to map to`);
    for (const value of Object.keys(aliases ?? {})) {
      if (parameter.enum && !parameter.enum.includes(value)) {
        problems.push(`${at}.x-aliases maps to "${value}", which is not in its enum`);
      }
    }
  }
  return problems;
}

/** What is wrong with a parameters schema (empty when it is one actions support), each naming its place. */
export function parametersSchemaProblems(schema: unknown): string[] {
  if (!validateParametersSchema(schema)) {
    // A bad name fails twice: its own pattern error (which names it) and a summary one.
    const errors = (validateParametersSchema.errors ?? []).filter((error) => error.keyword !== 'propertyNames');
    return errors.map(describeSchemaError);
  }
  return semanticProblems(schema);
}

function argumentsValidator(schema: ActionParametersSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

function describeArgumentError(error: ErrorObject): ArgumentProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { parameter: String(params.missingProperty), message: MISSING_VALUE };
  if (error.keyword === 'additionalProperties') {
    return { parameter: String(params.additionalProperty), message: 'is not a parameter of this action' };
  }
  const parameter = path(error.instancePath) || null;
  if (error.keyword === 'enum') {
    return { parameter, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
  }
  return { parameter, message: error.message ?? 'is invalid' };
}

/** The problems of a call's arguments against the action's schema; empty when they are valid. */
export function argumentProblems(schema: ActionParametersSchema, args: Record<string, unknown>): ArgumentProblem[] {
  const validate = argumentsValidator(schema);
  if (validate(args)) return [];
  return (validate.errors ?? []).map(describeArgumentError);
}
