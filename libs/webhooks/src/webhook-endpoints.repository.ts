import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TenantRepository, WebhookEndpoint, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** What a failed attempt did to its endpoint. */
export interface EndpointFailure {
  consecutiveFailures: number;
  failingSince: Date;
}

/** The only TypeORM access to `webhook_endpoints`. */
@Injectable()
export class WebhookEndpointsRepository extends TenantRepository<WebhookEndpoint> {
  constructor(@InjectRepository(WebhookEndpoint) repository: Repository<WebhookEndpoint>) {
    super(repository);
  }

  override withManager(manager: EntityManager): WebhookEndpointsRepository {
    return new WebhookEndpointsRepository(manager.getRepository(WebhookEndpoint));
  }

  list(workspaceId: WorkspaceId): Promise<WebhookEndpoint[]> {
    return this.find(workspaceId, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Enabled endpoints of the workspace subscribed to the event type. */
  /** How many endpoints of the workspace are enabled. */
  countEnabled(workspaceId: WorkspaceId): Promise<number> {
    return this.repository.count({ where: { workspaceId: asWorkspaceId(workspaceId), enabled: true } });
  }

  subscribedTo(workspaceId: WorkspaceId, eventType: string): Promise<WebhookEndpoint[]> {
    return this.repository
      .createQueryBuilder('endpoint')
      .where('endpoint.workspaceId = :workspaceId', { workspaceId: asWorkspaceId(workspaceId) })
      .andWhere('endpoint.enabled')
      .andWhere('endpoint.events @> :type::jsonb', { type: JSON.stringify([eventType]) })
      .orderBy('endpoint.createdAt', 'ASC')
      .getMany();
  }

  /** The endpoint with its sealed secrets, which ordinary reads leave out. */
  findWithSecrets(workspaceId: WorkspaceId, id: string): Promise<WebhookEndpoint | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.repository
      .createQueryBuilder('endpoint')
      .addSelect(['endpoint.secret', 'endpoint.previousSecret'])
      .where('endpoint.id = :id AND endpoint.workspaceId = :workspaceId', {
        id,
        workspaceId: asWorkspaceId(workspaceId),
      })
      .getOne();
  }

  /** A success ends a failing streak. */
  async recordSuccess(workspaceId: WorkspaceId, id: string): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ consecutiveFailures: 0, failingSince: null })
      .where('id = :id AND "workspaceId" = :workspaceId AND "consecutiveFailures" > 0', {
        id,
        workspaceId: asWorkspaceId(workspaceId),
      })
      .execute();
  }

  /** Counts a failed attempt, atomically; null when the endpoint is gone. */
  async recordFailure(workspaceId: WorkspaceId, id: string, at: Date): Promise<EndpointFailure | null> {
    const result = await this.repository
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({
        consecutiveFailures: () => '"consecutiveFailures" + 1',
        failingSince: () => 'COALESCE("failingSince", :at)',
      })
      .setParameter('at', at)
      .where('id = :id AND "workspaceId" = :workspaceId', { id, workspaceId: asWorkspaceId(workspaceId) })
      .returning(['consecutiveFailures', 'failingSince'])
      .execute();
    const row = (result.raw as Array<{ consecutiveFailures: number; failingSince: Date }>)[0];
    return row ? { consecutiveFailures: row.consecutiveFailures, failingSince: new Date(row.failingSince) } : null;
  }

  /** Switches a failing endpoint off with the reason; false when it was already off. */
  async disable(workspaceId: WorkspaceId, id: string, reason: string, at: Date): Promise<boolean> {
    const result = await this.repository
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ enabled: false, disabledAt: at, disabledReason: reason })
      .where('id = :id AND "workspaceId" = :workspaceId AND enabled', { id, workspaceId: asWorkspaceId(workspaceId) })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
