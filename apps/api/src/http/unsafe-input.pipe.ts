import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Deeper than any request body the API documents; far below where transforming it would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface InputProblem {
  field: string;
  message: string;
}

/**
 * Runs before validation on every body, query and path parameter of every route, and refuses with a 400 naming
 * the field what no route may receive: a NUL character (Postgres cannot store it), nesting deeper than
 * MAX_INPUT_DEPTH (the transformer would overflow the stack), and keys that reach an object's prototype.
 */
@Injectable()
export class UnsafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findProblem(value, metadata.type === 'body' ? '' : (metadata.data ?? metadata.type), 0);
    if (problem) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `Invalid request: ${problem.field || 'body'}: ${problem.message}`,
        errors: [{ field: problem.field || 'body', messages: [problem.message] }],
      });
    }
    return value;
  }
}

export function findProblem(value: unknown, path: string, depth: number): InputProblem | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { field: path, message: 'must not contain a NUL character' } : null;
  }
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return null;
  if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return { field, message: 'is not an allowed field name' };
    if (key.includes('\u0000')) return { field: path || 'body', message: 'has a field name with a NUL character' };
    const problem = findProblem(item, field, depth + 1);
    if (problem) return problem;
  }
  return null;
}
