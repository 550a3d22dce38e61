import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { SourceConfigError, UnsupportedMediaTypeError } from '@switchboard/knowledge';

/** Knowledge errors a caller can fix, as 4xx naming the problem. */
@Catch(SourceConfigError, UnsupportedMediaTypeError)
export class KnowledgeErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    let mapped: HttpException;
    if (error instanceof UnsupportedMediaTypeError) mapped = new UnsupportedMediaTypeException(error.message);
    else mapped = new BadRequestException(error.message);
    super.catch(mapped, host);
  }
}
