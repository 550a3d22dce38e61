import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { InvalidWebhookError } from '@switchboard/webhooks';

/** An endpoint the admin can fix: 400 listing each problem by field, as the validation pipe does. */
@Catch(InvalidWebhookError)
export class WebhooksErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: InvalidWebhookError, host: ArgumentsHost): void {
    const fields = [...new Set(error.problems.map((problem) => problem.field))];
    const errors = fields.map((field) => ({
      field,
      messages: error.problems.filter((problem) => problem.field === field).map((problem) => problem.message),
    }));
    super.catch(
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: error.message, errors }),
      host,
    );
  }
}
