import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';

/**
 * Postgres's verdict on a value a request carried, not a server fault: a malformed uuid or number, a number out
 * of its column's range, a malformed date-time. Validation should have caught it; where a route let it through,
 * the caller still gets a 400 that names the problem instead of a 500.
 */
const MALFORMED_VALUE_CODES = new Set([
  '22P02', // invalid_text_representation: "invalid input syntax for type uuid"
  '22003', // numeric_value_out_of_range: "bigint out of range"
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22021', // character_not_in_repertoire: a NUL byte
]);

@Catch(QueryFailedError)
export class MalformedValueFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: QueryFailedError, host: ArgumentsHost): void {
    const code = (error.driverError as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && MALFORMED_VALUE_CODES.has(code)) {
      super.catch(new BadRequestException(`Invalid request: ${firstLine(error.message)}`), host);
      return;
    }
    super.catch(error, host);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 200);
}
