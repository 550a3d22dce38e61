import { ApiProperty } from '@nestjs/swagger';
import { Conforms, FeedbackCounts, HANDOFF_REASONS, HandoffReason, SupportReport } from '@switchboard/contracts';

export class FeedbackCountsResponse implements FeedbackCounts {
  @ApiProperty({ type: 'integer' }) up!: number;
  @ApiProperty({ type: 'integer' }) down!: number;
}

export class SupportReportResponse implements SupportReport {
  @ApiProperty({ type: 'integer' }) days!: number;
  @ApiProperty({ type: 'integer', description: 'Conversations started in the window.' }) conversations!: number;
  @ApiProperty({ type: 'integer' }) answeredByBot!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) autoResolutionRate!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) handoffRate!: number;
  @ApiProperty({
    type: 'object',
    description: 'Tickets opened in the window, by reason (every reason listed).',
    properties: Object.fromEntries(HANDOFF_REASONS.map((reason) => [reason, { type: 'integer' }])),
    required: [...HANDOFF_REASONS],
    additionalProperties: false,
  })
  handoffsByReason!: Record<HandoffReason, number>;
  @ApiProperty({ type: Number, nullable: true }) medianFirstResponseSeconds!: number | null;
  @ApiProperty({ type: FeedbackCountsResponse }) feedback!: FeedbackCountsResponse;
}

/** `implements` lets a class add fields the contract lacks; this fails to compile when one does. */
type _SupportReportConforms = [
  Conforms<FeedbackCounts, FeedbackCountsResponse>,
  Conforms<SupportReport, SupportReportResponse>,
];
