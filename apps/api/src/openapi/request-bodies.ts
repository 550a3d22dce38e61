import { RequestBodyObject } from '@nestjs/swagger';

/** The media types the JSONL import's raw body parser takes (bootstrap.ts registers it for these). */
export const JSONL_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'];

const JSONL_BODY: RequestBodyObject = {
  required: true,
  description: 'One JSON object a line: {"id", "title", "text", "url"?}.',
  content: Object.fromEntries(JSONL_MEDIA_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
};

const MIME_MESSAGE_BODY: RequestBodyObject = {
  required: true,
  description: 'One raw e-mail as the provider forwards it (RFC 5322).',
  content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } },
};

/** Handlers that read the raw request themselves: no @Body() tells Swagger what they take. */
export const RAW_REQUEST_BODIES: Record<string, RequestBodyObject> = {
  KnowledgeController_importJsonl: JSONL_BODY,
  EmailWebhookController_inbound: MIME_MESSAGE_BODY,
};
