import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

export type AnswerDecision = 'answer' | 'escalate';

/** One action call as a trace keeps it (the actions lib's ActionCallRecord). */
export interface TracedActionCall {
  action: string;
  arguments: Record<string, unknown>;
  status: number | null;
  latencyMs: number;
  outcome: string;
  attempts: number;
  responseExcerpt: string | null;
}

/** The path a turn took: the documents (`answer`) or an action, and why. */
export interface TurnRoute {
  path: 'answer' | 'action';
  why: string;
  planner?: 'offline' | 'llm';
  calls?: TracedActionCall[];
  plan?: Record<string, unknown>;
}

/** One row per answer: everything needed to explain, replay and cost it. */
@Entity('answer_traces')
@Index(['workspaceId', 'createdAt'])
export class AnswerTrace extends TenantEntity {
  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ type: 'text' })
  question!: string;

  @Column({ type: 'jsonb', default: [] })
  retrieved!: Array<{ chunkId: string; documentId: string; score: number; rank: number }>;

  @Column({ type: 'text', default: '' })
  prompt!: string;

  @Column({ type: 'text', default: '' })
  completion!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  model!: string;

  @Column({ type: 'int', default: 0 })
  promptTokens!: number;

  @Column({ type: 'int', default: 0 })
  completionTokens!: number;

  @Column({ type: 'numeric', precision: 12, scale: 6, default: 0 })
  costUsd!: string;

  /** Milliseconds per stage (retrieve, rerank, compose, confidence, total). */
  @Column({ type: 'jsonb', default: {} })
  latencyMs!: Record<string, number>;

  @Column({ type: 'jsonb', default: {} })
  features!: Record<string, number>;

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ type: 'double precision' })
  threshold!: number;

  @Column({ type: 'varchar', length: 16 })
  decision!: AnswerDecision;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: string | null;

  @Column({ type: 'boolean', default: false })
  cacheHit!: boolean;

  /**
   * Which path the turn took and why: actions considered, the planner's decision, and every action call made
   * (identity values redacted, no secret). Null on traces of answers asked outside a conversation's turn.
   */
  @Column({ type: 'jsonb', nullable: true })
  route!: TurnRoute | null;

  /** Known outcome: customer feedback (+1 / -1) or agent resolution, for the threshold simulator. */
  @Column({ type: 'smallint', nullable: true })
  feedback!: number | null;
}
