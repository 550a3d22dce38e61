import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every call to a language model, successful or not: prompt, completion, tokens, cost and latency. */
@Entity('llm_calls')
@Index(['workspaceId', 'createdAt'])
export class LlmCall {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  workspaceId!: string | null;

  /** The conversation the call was made for, so erasure and retention find it; null outside a conversation. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  task!: string;

  @Column({ type: 'varchar', length: 100 })
  provider!: string;

  @Column({ type: 'varchar', length: 200 })
  model!: string;

  @Column({ type: 'text' })
  prompt!: string;

  @Column({ type: 'text', default: '' })
  completion!: string;

  @Column({ type: 'int', default: 0 })
  promptTokens!: number;

  @Column({ type: 'int', default: 0 })
  completionTokens!: number;

  @Column({ type: 'numeric', precision: 12, scale: 6, default: 0 })
  costUsd!: string;

  @Column({ type: 'int', default: 0 })
  latencyMs!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: 'ok' | 'error';

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
