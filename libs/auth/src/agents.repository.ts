import { Injectable } from '@nestjs/common';
import { Agent, TenantRepository, WorkspaceId } from '@switchboard/database';
import { DataSource, Repository } from 'typeorm';

/** Sign-in looks at no more agents than this for one e-mail. */
const MAX_SIGN_IN_CANDIDATES = 20;

/** The `agents` table. The password hash is never selected except for sign-in. */
@Injectable()
export class AgentsRepository extends TenantRepository<Agent> {
  private readonly agents: Repository<Agent>;

  constructor(dataSource: DataSource) {
    const agents = dataSource.getRepository(Agent);
    super(agents);
    this.agents = agents;
  }

  /** Agents with this e-mail in every workspace, or in one, oldest first, with their password hashes. */
  withPasswordByEmail(email: string, workspaceId?: WorkspaceId): Promise<Agent[]> {
    const query = this.agents
      .createQueryBuilder('agent')
      .addSelect('agent.passwordHash')
      .where('agent.email = :email', { email })
      .orderBy('agent.createdAt', 'ASC')
      .limit(MAX_SIGN_IN_CANDIDATES);
    if (workspaceId !== undefined) query.andWhere('agent.workspaceId = :workspaceId', { workspaceId });
    return query.getMany();
  }
}
