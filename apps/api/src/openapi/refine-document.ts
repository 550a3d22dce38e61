import { Type } from '@nestjs/common';
import {
  DECORATORS,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger';
import { Roles, RolesGuard } from '@switchboard/auth';
import { WidgetIpRateLimitGuard } from '../widget/widget-rate-limit.guard';
import { ERROR_BODY_SCHEMAS, errorResponse } from './error-body';
import { KNOWN_ERRORS, PATH_PREFIX_ERRORS } from './known-errors';
import { PropertyRule, isDtoClass, propertyRules, validatedDtos } from './dto-rules';
import { RAW_REQUEST_BODIES } from './request-bodies';
import { BoundInput, RouteFacts, collectRouteFacts, isOptionalByPipe, parsesInteger } from './route-facts';
import { AUTH_GUARDS, SECURITY_SCHEMES, SELF_CHECKED_SECURITY } from './security';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ROLES_KEY = (Roles() as unknown as { KEY: string }).KEY;
const RATE_LIMIT_GUARDS: unknown[] = [WidgetIpRateLimitGuard];
const EVENT_STREAM = 'text/event-stream';

interface Located {
  path: string;
  operation: OperationObject;
  facts: RouteFacts | undefined;
}

function operationsOf(document: OpenAPIObject, facts: Map<string, RouteFacts>): Located[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, operation, facts: facts.get(operation.operationId ?? '') }] : [];
    }),
  );
}

// The JSON body parser runs before routing, on every route and method: any request can carry a malformed or
// oversized body.
const MALFORMED = 'The request is malformed: a body that is not JSON, or a field that fails validation (see `errors`).';
const TOO_LARGE = 'The body is larger than the limit.';

/** The error statuses the route's body parsers, guards, roles, parameters and rate limits make possible. */
function derivedErrors(path: string, facts: RouteFacts): Record<number, string> {
  const errors: Record<number, string> = { 400: MALFORMED, 413: TOO_LARGE };
  if (AUTH_GUARDS.some(({ guard }) => facts.guards.includes(guard)))
    errors[401] = 'Missing, invalid, expired or revoked credentials.';
  const roles = facts.metadata(ROLES_KEY) as unknown[] | undefined;
  if (facts.guards.includes(RolesGuard) && roles && roles.length > 0)
    errors[403] = `Only ${roles.join(' or ')}s may do this.`;
  if (path.includes('{')) errors[404] = 'Not found (resources of another workspace are not found either).';
  if (RATE_LIMIT_GUARDS.some((guard) => facts.guards.includes(guard)))
    errors[429] = 'Too many requests; see Retry-After.';
  return errors;
}

/** An event stream (EventStream) always starts with 200, whatever the method; its body is text/event-stream. */
function documentEventStream({ operation, facts }: Located): void {
  const produces = facts?.metadata(DECORATORS.API_PRODUCES) as string[] | undefined;
  if (!produces?.includes(EVENT_STREAM)) return;
  for (const status of Object.keys(operation.responses)) if (status.startsWith('2')) delete operation.responses[status];
  operation.responses[200] = {
    description: 'Server-sent events, until the stream ends.',
    content: { [EVENT_STREAM]: { schema: { type: 'string' } } },
  };
}

function documentErrors({ path, operation, facts }: Located): void {
  if (!facts) return;
  const known = KNOWN_ERRORS[facts.operationId] ?? {};
  const errors = derivedErrors(path, facts);
  for (const rule of PATH_PREFIX_ERRORS) if (path.startsWith(rule.prefix)) Object.assign(errors, rule.errors);
  Object.assign(errors, known.add);
  for (const status of known.remove ?? []) delete errors[status];
  for (const [status, description] of Object.entries(errors)) {
    operation.responses[status] ??= errorResponse(description);
  }
}

function documentSecurity({ operation, facts }: Located): void {
  if (!facts) return;
  const self = SELF_CHECKED_SECURITY[facts.operationId];
  const requirements = AUTH_GUARDS.filter(({ guard }) => facts.guards.includes(guard)).flatMap((auth) => [
    { [auth.scheme]: [] },
    ...(auth.queryKey && auth.queryScheme && facts.metadata(auth.queryKey) === true
      ? [{ [auth.queryScheme]: [] }]
      : []),
  ]);
  if (self) requirements.push({ [self]: [] });
  if (requirements.length > 0) operation.security = requirements;
  else delete operation.security;
}

function isParameter(parameter: ParameterObject | ReferenceObject): parameter is ParameterObject {
  return !('$ref' in parameter);
}

function parameterFor(operation: OperationObject, where: 'path' | 'query', name: string): ParameterObject | undefined {
  return (operation.parameters ?? []).filter(isParameter).find((p) => p.in === where && p.name === name);
}

/** Applies a class-validator rule to a schema, or to its items when the rule holds for each element. */
function applyRule(schema: SchemaObject | ReferenceObject | undefined, rule: PropertyRule, each: boolean): void {
  if (!schema || '$ref' in schema) return;
  const target = each && schema.type === 'array' ? schema.items : schema;
  if (!target || '$ref' in target) return;
  if (rule.type === 'integer' && target.type === 'number') target.type = 'integer';
  if (rule.format && target.type === 'string' && !target.format) target.format = rule.format;
}

function documentInput(operation: OperationObject, input: BoundInput): void {
  if (input.source === 'query' && input.name === null && isDtoClass(input.type)) {
    for (const { property, rule, each } of propertyRules(input.type)) {
      applyRule(parameterFor(operation, 'query', property)?.schema, rule, each);
    }
    return;
  }
  if ((input.source !== 'query' && input.source !== 'param') || input.name === null) return;
  const parameter = parameterFor(operation, input.source === 'param' ? 'path' : 'query', input.name);
  if (!parameter) return;
  if (parsesInteger(input)) applyRule(parameter.schema, { type: 'integer' }, false);
  if (isOptionalByPipe(input)) parameter.required = false;
}

function documentParameters({ operation, facts }: Located): void {
  for (const input of facts?.inputs ?? []) documentInput(operation, input);
  for (const parameter of (operation.parameters ?? []).filter(isParameter)) {
    // A path segment is a string unless a pipe makes it something else.
    if (parameter.in === 'path' && !('type' in (parameter.schema ?? {}))) parameter.schema = { type: 'string' };
  }
}

function documentRawBody({ operation, facts }: Located): void {
  const body = facts && RAW_REQUEST_BODIES[facts.operationId];
  if (body) operation.requestBody = body;
}

/** Body DTOs: closed to unknown fields (forbidNonWhitelisted), with the formats and integers they are checked for. */
function documentBodySchemas(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const bodies = [...facts.values()].flatMap((route) =>
    route.inputs.filter((input) => input.source === 'body').map((input) => input.type),
  );
  const schemas = document.components?.schemas ?? {};
  for (const dto of validatedDtos(bodies.filter(isDtoClass))) {
    const schema = schemas[dto.name];
    if (!schema || '$ref' in schema) continue;
    schema.additionalProperties = false;
    for (const { property, rule, each } of propertyRules(dto)) applyRule(schema.properties?.[property], rule, each);
  }
}

function refName(node: unknown): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const ref = (node as { $ref?: unknown }).$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : null;
}

/** Every component schema a node reaches through `$ref`s, directly or inside its properties, items and allOfs. */
function reachedSchemas(
  node: unknown,
  schemas: Record<string, SchemaObject | ReferenceObject>,
  found: Set<string>,
): void {
  if (Array.isArray(node)) return node.forEach((item) => reachedSchemas(item, schemas, found));
  if (typeof node !== 'object' || node === null) return;
  const name = refName(node);
  if (name !== null) {
    if (found.has(name)) return;
    found.add(name);
    return reachedSchemas(schemas[name], schemas, found);
  }
  Object.values(node).forEach((value) => reachedSchemas(value, schemas, found));
}

/**
 * Response classes list every field the server sends (services return exactly these shapes), so the objects of a
 * success body are closed: a field added to a response without documenting it fails the e2e response check.
 */
function closeSuccessBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const found = new Set<string>();
  for (const { operation } of operationsOf(document, new Map())) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (status.startsWith('2')) reachedSchemas(response, schemas, found);
    }
  }
  for (const name of found) {
    const schema = schemas[name];
    if (schema && !('$ref' in schema) && schema.type === 'object' && schema.properties) {
      schema.additionalProperties ??= false;
    }
  }
}

/**
 * Makes the generated document say what the server does: every error status a route can answer, with the shared
 * error body; the credentials each route takes; integer and format checks; closed request bodies and success bodies; raw bodies.
 */
export function refineDocument(document: OpenAPIObject, controllers: Array<Type<unknown>>): OpenAPIObject {
  const facts = collectRouteFacts(controllers);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...ERROR_BODY_SCHEMAS },
    securitySchemes: SECURITY_SCHEMES,
  };
  for (const located of operationsOf(document, facts)) {
    documentRawBody(located);
    documentEventStream(located);
    documentParameters(located);
    documentSecurity(located);
    documentErrors(located);
  }
  documentBodySchemas(document, facts);
  closeSuccessBodies(document);
  return document;
}
