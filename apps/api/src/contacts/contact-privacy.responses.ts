import { ApiProperty } from '@nestjs/swagger';
import type { ContactExport } from '@switchboard/privacy';
import type { Response } from 'express';

export class ContactExportResponse {
  @ApiProperty({ enum: ['switchboard.contact-export'] }) format!: 'switchboard.contact-export';
  @ApiProperty({ example: 1, description: 'The document version; bumped when a section changes shape.' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'One key per holder: conversations (contact, identities, conversations, messages), tickets, answerTraces, llmCalls, pendingActions, webhookDeliveries, queuedJobs, fineTuningDatasets.',
  })
  sections!: Record<string, unknown>;
}

export class ContactErasureResponse {
  @ApiProperty({ format: 'uuid', description: 'The id of the erasure record (which keeps no personal data).' })
  erasureId!: string;
  @ApiProperty({ format: 'date-time' }) erasedAt!: Date;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { conversations: 2, messages: 14, answerTraces: 5, llmCalls: 6 },
    description: 'What was removed, by kind.',
  })
  counts!: Record<string, number>;
}

/** The export as a download: a JSON file named after the contact. */
export function sendContactExport(response: Response, document: ContactExport): void {
  response
    .status(200)
    .type('application/json')
    .setHeader('Content-Disposition', `attachment; filename="contact-${document.contactId}.json"`)
    .send(JSON.stringify(document, null, 2));
}
