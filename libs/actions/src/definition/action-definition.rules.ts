import {
  ACTION_METHODS,
  ActionMethod,
  ActionParametersSchema,
  CHANNEL_TYPES,
  ChannelType,
  VISIBILITIES,
  Visibility,
} from '@switchboard/database';
import { answerTemplateProblems } from '../answer-template';
import type { FieldProblem } from '../action-definition.errors';
import { parametersSchemaProblems } from './parameters-schema';
import { hostOf, urlTemplateProblems } from './url-template';

export const ACTION_NAME = /^[a-z][a-z0-9_]{0,63}$/;
export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const TIMEOUT_MS = { min: 100, max: 30_000, default: 5_000 } as const;
export const MAX_RESPONSE_BYTES = { min: 1_024, max: 1_048_576, default: 65_536 } as const;
export const MAX_SECRET_CHARS = 4_096;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
// Set by the caller itself, or meaningless on one request.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'accept-encoding',
]);
const TEMPLATE_FIELD = /\{\{([^{}]*)\}\}/g;
const SECRET_REFERENCE = /^\s*secrets\.([A-Za-z][A-Za-z0-9_]{0,63})\s*$/;

/** An action definition as stored, secrets aside. */
export interface ActionDefinitionFields {
  name: string;
  description: string;
  method: ActionMethod;
  url: string;
  parameters: ActionParametersSchema;
  identity: string[];
  sideEffect: boolean;
  examples: string[];
  headers: Record<string, string>;
  channels: ChannelType[] | null;
  visibility: Visibility;
  timeoutMs: number;
  maxResponseBytes: number;
  answerTemplate: string | null;
  enabled: boolean;
}

/** What a definition is checked against: the workspace's allowed hosts and the secrets it will have. */
export interface DefinitionContext {
  actionHosts: readonly string[];
  secretNames: readonly string[];
}

/** The names of the secrets a header value references as `{{secrets.NAME}}`. */
export function secretReferences(value: string): string[] {
  return [...value.matchAll(TEMPLATE_FIELD)].flatMap((match) => SECRET_REFERENCE.exec(match[1])?.[1] ?? []);
}

function headerProblems(headers: Record<string, string>, secretNames: readonly string[]): FieldProblem[] {
  return Object.entries(headers).flatMap(([name, value]): FieldProblem[] => {
    const field = `headers.${name}`;
    if (!HEADER_NAME.test(name)) return [{ field, message: `header name "${name}" is not a valid HTTP header name` }];
    if (RESERVED_HEADERS.has(name.toLowerCase())) return [{ field, message: `header ${name} is set by Switchboard` }];
    if (/[\r\n\0]/.test(value) || value.length > 2048) {
      return [{ field, message: `header ${name} must be one line of at most 2048 characters` }];
    }
    const fields = [...value.matchAll(TEMPLATE_FIELD)].map((match) => match[1]);
    if (fields.some((inner) => !SECRET_REFERENCE.test(inner))) {
      return [{ field, message: `header ${name} may only reference secrets, as {{secrets.NAME}}` }];
    }
    return secretReferences(value)
      .filter((secret) => !secretNames.includes(secret))
      .map((secret) => ({ field, message: `header ${name} references secret ${secret}, which is not set` }));
  });
}

function urlProblems(fields: ActionDefinitionFields, actionHosts: readonly string[]): FieldProblem[] {
  const names = Object.keys(fields.parameters.properties);
  const problems = urlTemplateProblems(fields.url, names, fields.parameters.required ?? []);
  if (problems.length > 0) return problems.map((message) => ({ field: 'url', message }));
  const host = hostOf(fields.url) ?? '';
  if (actionHosts.includes(host)) return [];
  return [
    { field: 'url', message: `url host ${host} is not one of the workspace's action hosts (settings.actionHosts)` },
  ];
}

function identityProblems(fields: ActionDefinitionFields): FieldProblem[] {
  return fields.identity
    .filter((name) => !(name in fields.parameters.properties))
    .map((name) => ({ field: 'identity', message: `identity parameter ${name} is not a declared parameter` }));
}

function scalarProblems(fields: ActionDefinitionFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!ACTION_NAME.test(fields.name))
    problems.push({ field: 'name', message: `name must match ${ACTION_NAME.source}` });
  if (!ACTION_METHODS.includes(fields.method)) {
    problems.push({ field: 'method', message: `method must be one of ${ACTION_METHODS.join(', ')}` });
  }
  if (!VISIBILITIES.includes(fields.visibility)) {
    problems.push({ field: 'visibility', message: `visibility must be one of ${VISIBILITIES.join(', ')}` });
  }
  if (fields.channels?.some((channel) => !CHANNEL_TYPES.includes(channel))) {
    problems.push({ field: 'channels', message: `channels must be null or some of ${CHANNEL_TYPES.join(', ')}` });
  }
  if (!within(fields.timeoutMs, TIMEOUT_MS)) {
    problems.push({ field: 'timeoutMs', message: `timeoutMs must be ${TIMEOUT_MS.min} to ${TIMEOUT_MS.max}` });
  }
  if (!within(fields.maxResponseBytes, MAX_RESPONSE_BYTES)) {
    const { min, max } = MAX_RESPONSE_BYTES;
    problems.push({ field: 'maxResponseBytes', message: `maxResponseBytes must be ${min} to ${max}` });
  }
  return problems;
}

function within(value: number, bounds: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= bounds.min && value <= bounds.max;
}

/** Every problem of a definition; the URL and identity are checked only once the parameters schema is valid. */
export function definitionProblems(fields: ActionDefinitionFields, context: DefinitionContext): FieldProblem[] {
  const schema = parametersSchemaProblems(fields.parameters).map((message) => ({ field: 'parameters', message }));
  const dependent = schema.length > 0 ? [] : [...urlProblems(fields, context.actionHosts), ...identityProblems(fields)];
  const template = fields.answerTemplate === null ? [] : answerTemplateProblems(fields.answerTemplate);
  return [
    ...scalarProblems(fields),
    ...schema,
    ...dependent,
    ...headerProblems(fields.headers, context.secretNames),
    ...template.map((message) => ({ field: 'answerTemplate', message })),
  ];
}

/** Problems with the secrets given: their names, and their values' length. */
export function secretProblems(secrets: Record<string, string | null>): FieldProblem[] {
  return Object.entries(secrets).flatMap(([name, value]): FieldProblem[] => {
    const field = `secrets.${name}`;
    if (!SECRET_NAME.test(name)) return [{ field, message: `secret name "${name}" must match ${SECRET_NAME.source}` }];
    if (value !== null && (value.length === 0 || value.length > MAX_SECRET_CHARS)) {
      return [{ field, message: `secret ${name} must have 1 to ${MAX_SECRET_CHARS} characters` }];
    }
    return [];
  });
}
