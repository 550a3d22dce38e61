import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate } from 'class-validator';

// A calendar date, optionally with a time and a zone: what the OpenAPI document calls a date-time.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date-time query parameter: only an ISO 8601 string becomes a Date. Anything else, such as `from=0` (which
 * `new Date()` would read as a year), stays as given and is refused with a 400 naming the expected format.
 */
export function DateTimeQuery(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value,
    ),
    IsDate({ message: ({ property }) => `${property} must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z` }),
  );
}
