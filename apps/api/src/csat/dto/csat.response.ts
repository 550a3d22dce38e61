import { ApiProperty } from '@nestjs/swagger';
import {
  CSAT_CHANNELS,
  Conforms,
  ConsoleResponse,
  CsatChannel,
  CsatRatingView,
  CsatReport,
  CsatSummary,
} from '@switchboard/contracts';

const SCORES = ['1', '2', '3', '4', '5'] as const;

export class CsatRatingViewResponse implements CsatRatingView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ enum: CSAT_CHANNELS }) channel!: CsatChannel;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The resolving agent; null for the bot.' })
  agentId!: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CsatRatingEnvelopeResponse implements ConsoleResponse<'GET conversations/:id/csat'> {
  @ApiProperty({ type: CsatRatingViewResponse, nullable: true }) rating!: CsatRatingViewResponse | null;
}

export class CsatSummaryResponse implements CsatSummary {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Two decimals; null without ratings.' })
  average!: number | null;
  @ApiProperty({
    type: 'object',
    description: 'Ratings of each score.',
    properties: Object.fromEntries(SCORES.map((score) => [score, { type: 'integer' }])),
    required: [...SCORES],
    additionalProperties: false,
  })
  distribution!: CsatSummary['distribution'];
}

export class CsatAgentSummaryResponse extends CsatSummaryResponse {
  @ApiProperty({ format: 'uuid' }) agentId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for an agent since deleted.' }) name!: string | null;
}

export class CsatReportResponse implements CsatReport {
  @ApiProperty({ type: 'integer' }) days!: number;
  @ApiProperty({ type: CsatSummaryResponse }) overall!: CsatSummaryResponse;
  @ApiProperty({ type: CsatSummaryResponse, description: 'Conversations the bot handled alone.' })
  bot!: CsatSummaryResponse;
  @ApiProperty({ type: [CsatAgentSummaryResponse], description: 'By resolving agent, most rated first.' })
  agents!: CsatAgentSummaryResponse[];
}

/** `implements` lets a class add fields the contract lacks; these fail to compile when one does. */
type _CsatResponsesConform = [
  Conforms<CsatRatingView, CsatRatingViewResponse>,
  Conforms<ConsoleResponse<'GET conversations/:id/csat'>, CsatRatingEnvelopeResponse>,
  Conforms<CsatSummary, CsatSummaryResponse>,
  Conforms<CsatReport, CsatReportResponse>,
];
