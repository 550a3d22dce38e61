import { BadRequestException } from '@nestjs/common';
import { IncomingDocument } from '@switchboard/knowledge';
import { FieldError } from '../http/validation.pipe';

const MAX_ERRORS_REPORTED = 20;

/**
 * Parses a bulk import in the shared datasets' format, one `{"id", "title", "text", "url"?}` a line.
 * Every bad line is reported with its number, as the validation pipe reports a field (`{ field: 'line 3', messages }`);
 * nothing is imported unless every line is good.
 */
export function parseJsonlImport(body: Buffer): IncomingDocument[] {
  const documents: IncomingDocument[] = [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  body
    .toString('utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (!line) return;
      const where = `line ${index + 1}`;
      const bad = (message: string): void => void errors.push({ field: where, messages: [message] });
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        bad('not valid JSON');
        return;
      }
      const record = value as Record<string, unknown>;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('must be a JSON object');
      else if (typeof record.id !== 'string' || !record.id || record.id.length > 500)
        bad('id must be a string of 1-500 characters');
      else if (typeof record.title !== 'string' || record.title.length > 500)
        bad('title must be a string of at most 500 characters');
      else if (typeof record.text !== 'string' || !record.text.trim() || record.text.length > 1_000_000)
        bad('text must be a non-empty string of at most 1,000,000 characters');
      else if (
        record.url !== undefined &&
        record.url !== null &&
        (typeof record.url !== 'string' || !/^https?:\/\//.test(record.url))
      )
        bad('url must be an http(s) URL');
      else if (seen.has(record.id)) bad(`duplicate id ${JSON.stringify(record.id).slice(0, 80)}`);
      else {
        seen.add(record.id);
        documents.push({
          externalId: record.id,
          title: record.title || record.id,
          mediaType: 'text/markdown',
          content: Buffer.from(record.text, 'utf8'),
          url: typeof record.url === 'string' ? record.url : null,
        });
      }
    });
  if (errors.length > 0) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `Invalid import: ${errors.length} bad line(s)`,
      errors: errors.slice(0, MAX_ERRORS_REPORTED),
    });
  }
  if (documents.length === 0) throw new BadRequestException('The import holds no documents');
  return documents;
}
