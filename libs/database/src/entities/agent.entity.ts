import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

export const AGENT_ROLES = ['admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** A person who works the console: admins configure the workspace, agents answer customers. */
@Entity('agents')
@Index(['workspaceId', 'email'], { unique: true })
export class Agent extends TenantEntity {
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'agent' })
  role!: AgentRole;

  /** scrypt hash with its parameters and salt; never selected unless asked for. */
  @Column({ type: 'varchar', length: 300, select: false, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  availability!: 'online' | 'busy' | 'offline';
}
