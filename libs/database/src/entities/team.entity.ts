import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from './tenant-columns';

/** A group of agents who take the tickets of some topics first (round-robin among them). */
@Entity('teams')
@Index(['workspaceId', 'name'], { unique: true })
export class Team extends TenantEntity {
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Agents of the workspace; an id whose agent was deleted is ignored by routing and dropped from views. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  agentIds!: string[];

  /** Topics of the workspace's ticketTopics this team covers. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics!: string[];
}
