import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Agent } from './agent.entity';
import { TenantEntity } from './tenant-columns';

/** A signed-in console session; only the sha256 of its bearer token is stored. */
@Entity('agent_sessions')
export class AgentSession extends TenantEntity {
  @Index()
  @Column('uuid')
  agentId!: string;

  @ManyToOne(() => Agent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agentId' })
  agent?: Agent;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, select: false })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
