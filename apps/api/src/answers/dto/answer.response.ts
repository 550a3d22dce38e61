import { ApiProperty } from '@nestjs/swagger';

const ESCALATION_REASONS = ['low_confidence', 'customer_asked', 'negative_feedback', 'llm_failure', 'policy'];
const NUMBERS_BY_NAME = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class CitationResponse {
  @ApiProperty({ type: 'integer', description: '1-based marker used in the answer text, e.g. [1].' }) index!: number;
  @ApiProperty({ format: 'uuid' }) chunkId!: string;
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
}

export class RetrievedChunkResponse {
  @ApiProperty({ format: 'uuid' }) chunkId!: string;
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ type: 'integer' }) rank!: number;
  @ApiProperty() score!: number;
  @ApiProperty({ required: false, description: "Prompt-injection score of the chunk's text." }) injection?: number;
}

export class AnswerResultResponse {
  @ApiProperty({ format: 'uuid' }) traceId!: string;
  @ApiProperty({ description: 'The text sent to the customer; for an escalation, the handoff message.' })
  text!: string;
  @ApiProperty({ description: 'The composed answer, even when escalating.' }) draft!: string;
  @ApiProperty({ type: [CitationResponse] }) citations!: CitationResponse[];
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) threshold!: number;
  @ApiProperty({ enum: ['answer', 'escalate'] }) decision!: string;
  @ApiProperty({ type: String, enum: ESCALATION_REASONS, nullable: true }) reason!: string | null;
  @ApiProperty({ type: [RetrievedChunkResponse] }) retrieved!: RetrievedChunkResponse[];
  @ApiProperty({ ...NUMBERS_BY_NAME, description: 'Evidence the confidence model combines.' })
  features!: Record<string, number>;
  @ApiProperty() cacheHit!: boolean;
  @ApiProperty() model!: string;
  @ApiProperty({ ...NUMBERS_BY_NAME, description: 'Milliseconds per stage.' }) latencyMs!: Record<string, number>;
}

export class AnswerTraceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) conversationId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) messageId!: string | null;
  @ApiProperty() question!: string;
  @ApiProperty({ type: [RetrievedChunkResponse] }) retrieved!: RetrievedChunkResponse[];
  @ApiProperty() prompt!: string;
  @ApiProperty() completion!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ type: 'integer' }) promptTokens!: number;
  @ApiProperty({ type: 'integer' }) completionTokens!: number;
  @ApiProperty({ example: '0.000120', description: 'Estimated cost in US dollars, as a decimal string.' })
  costUsd!: string;
  @ApiProperty({ ...NUMBERS_BY_NAME, description: 'Milliseconds per stage.' }) latencyMs!: Record<string, number>;
  @ApiProperty(NUMBERS_BY_NAME) features!: Record<string, number>;
  @ApiProperty() confidence!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty({ enum: ['answer', 'escalate'] }) decision!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() cacheHit!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: '+1 helpful, -1 not helpful.' })
  feedback!: number | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      'The path the turn took and why: `{ path: "answer" | "action", why, planner?, plan?, calls? }`, calls with ' +
      'identity values redacted and no secret. Null outside a conversation turn.',
  })
  route!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class OutcomeCountsResponse {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: 'integer' }) helpful!: number;
  @ApiProperty({ type: 'integer' }) notHelpful!: number;
  @ApiProperty({ type: 'integer' }) resolvedByAgent!: number;
  @ApiProperty({ type: 'integer' }) unknown!: number;
}

export class ThresholdSimulationResponse {
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: 'integer' }) traces!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) from!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) to!: string | null;
  @ApiProperty({ type: OutcomeCountsResponse }) wouldAnswer!: OutcomeCountsResponse;
  @ApiProperty({ type: OutcomeCountsResponse }) wouldEscalate!: OutcomeCountsResponse;
  @ApiProperty({ type: 'integer', description: 'Decisions that differ from the ones taken.' }) changed!: number;
}

export class DailyUsageResponse {
  @ApiProperty({ format: 'date', example: '2026-01-31' }) day!: string;
  @ApiProperty({ type: 'integer' }) answers!: number;
  @ApiProperty({ type: 'integer' }) escalations!: number;
  @ApiProperty({ type: 'integer' }) cacheHits!: number;
  @ApiProperty({ type: 'integer', description: "Calls of the workspace's actions in the bot's turns." })
  actionCalls!: number;
  @ApiProperty({ type: 'integer', description: 'Action calls that failed or were refused.' })
  actionCallsFailed!: number;
  @ApiProperty({ type: 'integer' }) llmCalls!: number;
  @ApiProperty({ type: 'integer' }) promptTokens!: number;
  @ApiProperty({ type: 'integer' }) completionTokens!: number;
  @ApiProperty({ description: 'Estimated cost in US dollars.' }) costUsd!: number;
  @ApiProperty({
    type: 'object',
    description:
      'LLM calls and estimated cost by task (`answer`, `suggest_reply`, `rewrite` of an agent draft, `query_rewrite` of a follow-up, `summarize`, `classify`, `grounding`, `action`); only tasks with a call that day.',
    additionalProperties: {
      type: 'object',
      required: ['calls', 'costUsd'],
      additionalProperties: false,
      properties: { calls: { type: 'integer' }, costUsd: { type: 'number' } },
    },
    example: { answer: { calls: 12, costUsd: 0.0042 }, rewrite: { calls: 2, costUsd: 0.0003 } },
  })
  byTask!: Record<string, { calls: number; costUsd: number }>;
}
