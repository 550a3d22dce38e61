import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  PayloadTooLargeException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { formatLimit } from '../http/body-too-large';

export const MAX_FILES_PER_UPLOAD = 20;

/** The multer messages Nest passes on ("File too large", "Unexpected field") name neither the limit nor the fix. */
@Catch(PayloadTooLargeException, BadRequestException)
export class UploadErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  override catch(error: HttpException, host: ArgumentsHost): void {
    super.catch(this.explained(error), host);
  }

  private explained(error: HttpException): HttpException {
    const message = error.message;
    if (error instanceof PayloadTooLargeException && message.startsWith('File too large')) {
      const limit = this.config.knowledge.uploadMaxBytes;
      return new PayloadTooLargeException(
        `A file is larger than the upload limit of ${formatLimit(limit)} (UPLOAD_MAX_BYTES = ${limit} bytes)`,
      );
    }
    // Multer's wording changed between releases ("Unexpected field", "Unexpected file field - <name>").
    const unexpected = /^Unexpected (?:file )?field(?: - (.+))?$/.exec(message);
    if (unexpected) {
      const field = unexpected[1] ? ` "${unexpected[1]}"` : '';
      return new BadRequestException(
        `Unexpected multipart field${field}: send the files in the "files" field (curl -F files=@guide.pdf), ` +
          'one part per file',
      );
    }
    if (message.startsWith('Too many files')) {
      return new BadRequestException(`Too many files: at most ${MAX_FILES_PER_UPLOAD} per upload`);
    }
    return error;
  }
}
