import { Column, Entity, FindOptionsWhere, Index, MoreThan } from 'typeorm';
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

  /** What the agent chose; they count as online only while a console tab also keeps `lastSeenAt` fresh. */
  @Column({ type: 'varchar', length: 16, default: 'online' })
  availability!: 'online' | 'busy' | 'offline';

  /** Last heartbeat from an open console tab; a restart or a closed tab lets it go stale. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;
}

/** How often an open console stream refreshes `lastSeenAt`. */
export const AGENT_HEARTBEAT_MS = 20_000;
/** An agent not seen for this long is offline, whatever their availability says. */
export const AGENT_PRESENCE_TIMEOUT_MS = 60_000;

/** The earliest `lastSeenAt` that still counts as present. */
export function presenceCutoff(now: Date = new Date()): Date {
  return new Date(now.getTime() - AGENT_PRESENCE_TIMEOUT_MS);
}

/** The `where` fragment for agents who are online now: chose online and were seen within the timeout. */
export function presentAgentWhere(now: Date = new Date()): FindOptionsWhere<Agent> {
  return { availability: 'online', lastSeenAt: MoreThan(presenceCutoff(now)) };
}
