import { HttpStatus, RawBodyRequest } from '@nestjs/common';
import { Request, Response } from 'express';
import { RawBodyTooLargeError, readRawBody } from '../http/raw-body';
import { widgetError } from './widget-request';

/**
 * The bytes of a widget upload, read as they stream in and refused (413) past `maxBytes` without reading the rest.
 * A body a parser already took (JSON, a form) is what that parser kept; the type sniffing refuses it.
 */
export async function uploadedFile(
  request: RawBodyRequest<Request>,
  response: Response,
  maxBytes: number,
): Promise<Buffer> {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (Buffer.isBuffer(request.body)) return request.body;
  try {
    return await readRawBody(request, maxBytes, 'The file');
  } catch (error) {
    if (!(error instanceof RawBodyTooLargeError)) throw error;
    // The rest of the body is not read: the connection cannot carry another request after this answer.
    response.setHeader('Connection', 'close');
    throw widgetError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'attachment_too_large',
      `The file is larger than the limit of ${maxBytes} bytes (ATTACHMENT_MAX_BYTES)`,
    );
  }
}
