import { ApiProperty } from '@nestjs/swagger';
import { Conforms, ConsoleResponse, ContactErasureView, PrivacyView } from '@switchboard/contracts';

export class ContactErasureViewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'What went, by kind.' })
  counts!: Record<string, number>;
  @ApiProperty({ example: 'agent:7b4c…', description: '`api-key:<id>` or `agent:<id>`.' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PrivacyViewResponse {
  @ApiProperty({ type: Number, nullable: true }) retentionDays!: number | null;
  @ApiProperty({ type: [ContactErasureViewResponse] }) erasures!: ContactErasureViewResponse[];
}

export class ContactErasureEnvelopeResponse {
  @ApiProperty({ type: ContactErasureViewResponse }) erasure!: ContactErasureViewResponse;
}

export type PrivacyResponsesConform = [
  Conforms<ContactErasureView, ContactErasureViewResponse>,
  Conforms<PrivacyView, PrivacyViewResponse>,
  Conforms<ConsoleResponse<'DELETE contacts/:id'>, ContactErasureEnvelopeResponse>,
];
