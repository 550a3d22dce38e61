import { NextFunction, Request, Response } from 'express';

/** What body-parser attaches to the error for a body over its limit. */
interface BodyLimitError {
  type?: unknown;
  limit?: unknown;
}

/** "2 MB", "100 MB", "512 bytes": the limit as the README states it. */
export function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib < 1) return `${bytes} bytes`;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
}

/**
 * Express error middleware for the body parsers: body-parser's own 413 says only "request entity too large";
 * this one names the limit, and the variable that sets it where there is one.
 */
export function explainBodyTooLarge(limits: { json: number; import: number }) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    const parsed = error as BodyLimitError | null;
    if (parsed?.type !== 'entity.too.large' || typeof parsed.limit !== 'number') return next(error);
    const isImport = !request.is('application/json') && parsed.limit === limits.import;
    const message = isImport
      ? `The import is larger than the limit of ${formatLimit(parsed.limit)} (IMPORT_MAX_BYTES = ${parsed.limit} bytes)`
      : `The request body is larger than the limit of ${formatLimit(parsed.limit)} for JSON bodies`;
    response.status(413).json({ statusCode: 413, error: 'Payload Too Large', message });
  };
}
