import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Workspace } from './workspace.entity';
import type { WorkspaceId } from '../tenant.repository';

/** Who acted: a console agent, a workspace API key, the instance admin token, or Switchboard itself (a job). */
export const AUDIT_ACTOR_TYPES = ['agent', 'api_key', 'admin_token', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** One field's change; secret values are stored as '[redacted]'. */
export interface AuditFieldChange {
  before: unknown;
  after: unknown;
}

/** Changed fields by (dotted) path: `{ 'settings.confidenceThreshold': { before: 0.5, after: 0.7 } }`. */
export type AuditDiff = Record<string, AuditFieldChange>;

/**
 * One change to a workspace's configuration or access. Append-only: the application never updates or deletes a row,
 * and a trigger makes the database refuse to. No cascade from the workspace: deleting a workspace that has an audit
 * trail fails instead of silently erasing it.
 */
@Entity('audit_events')
@Index(['workspaceId', 'seq'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  workspaceId!: WorkspaceId;

  @ManyToOne(() => Workspace, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workspaceId' })
  workspace?: Workspace;

  /** Recording order, exact where timestamps tie: what the log is sorted and paged by. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  actorType!: AuditActorType;

  /** The agent's or API key's id; null for the admin token and system. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId!: string | null;

  /** How the actor read when it acted (agent name and e-mail, key name and prefix), kept as it was. */
  @Column({ type: 'varchar', length: 400 })
  actorDisplay!: string;

  /** The client's address as Express sees it (the socket's: the api sets no trust proxy); null outside a request. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  /** `<target type>.<past-tense verb>`, e.g. `api_key.created`, `workspace.settings_changed`. */
  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 50 })
  targetType!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  diff!: AuditDiff;
}
