import { SchemaObject } from '@nestjs/swagger';

export const ERROR_BODY = 'ErrorBody';
export const FIELD_ERROR = 'FieldError';

/**
 * The one error body every 4xx and 5xx has: Nest's `{ statusCode, error, message }`, with `errors` from the
 * validation pipes, `code` from the console and widget filters, and the extras the console filter adds.
 */
export const ERROR_BODY_SCHEMAS: Record<string, SchemaObject> = {
  [FIELD_ERROR]: {
    type: 'object',
    required: ['field', 'messages'],
    additionalProperties: false,
    properties: {
      field: { type: 'string', description: 'The path of the field, e.g. `crawl.url`.' },
      messages: { type: 'array', items: { type: 'string' } },
    },
  },
  [ERROR_BODY]: {
    type: 'object',
    required: ['statusCode', 'message'],
    additionalProperties: false,
    properties: {
      statusCode: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status again.' },
      error: { type: 'string', description: 'The status text, e.g. `Bad Request`.' },
      message: { type: 'string', description: 'What went wrong, for a person.' },
      code: {
        type: 'string',
        description: 'Machine-readable reason (console and widget routes), e.g. `not_owner`, `visitor_token_invalid`.',
      },
      errors: {
        type: 'array',
        description: 'Validation failures, one entry a field.',
        items: { $ref: `#/components/schemas/${FIELD_ERROR}` },
      },
      workspaces: {
        type: 'array',
        description: 'With `workspace_required`: the workspaces to choose from at sign-in.',
        items: {
          type: 'object',
          required: ['id', 'name'],
          properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
        },
      },
      assigneeId: {
        type: 'string',
        nullable: true,
        description: 'With `already_claimed`: the agent who holds the ticket.',
      },
    },
  },
};

/** A documented error response with the shared body. */
export function errorResponse(description: string): {
  description: string;
  content: Record<string, { schema: { $ref: string } }>;
} {
  return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY}` } } } };
}
