import {
  ArgumentsHost,
  BadGatewayException,
  Catch,
  ConflictException,
  ExceptionFilter,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import {
  FineTuningNotFoundError,
  FineTuningProviderError,
  FineTuningProviderMissingError,
  TooFewExamplesError,
} from '@switchboard/fine-tuning';

type FineTuningError =
  FineTuningNotFoundError | FineTuningProviderError | FineTuningProviderMissingError | TooFewExamplesError;

/** No provider: 409 (configure one); too small a dataset or a dataset the provider refused: 422; its outage: 502. */
@Catch(FineTuningNotFoundError, FineTuningProviderError, FineTuningProviderMissingError, TooFewExamplesError)
export class FineTuningErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FineTuningError, host: ArgumentsHost): void {
    super.catch(this.translate(error), host);
  }

  private translate(error: FineTuningError): Error {
    if (error instanceof FineTuningNotFoundError) return new NotFoundException(error.message);
    if (error instanceof FineTuningProviderMissingError) {
      return new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: error.message,
        code: 'provider_required',
      });
    }
    if (error instanceof TooFewExamplesError) {
      return new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: error.message,
        code: 'too_few_examples',
      });
    }
    const refused = error.status !== null && error.status >= 400 && error.status < 500;
    return refused ? new UnprocessableEntityException(error.message) : new BadGatewayException(error.message);
  }
}
