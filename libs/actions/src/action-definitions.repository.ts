import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ActionDefinition, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, QueryFailedError, Repository, SelectQueryBuilder } from 'typeorm';
import { DuplicateActionNameError } from './action-definition.errors';

const UNIQUE_VIOLATION = '23505';

/** The only TypeORM access to `action_definitions`. Sealed secrets are read only when asked for. */
@Injectable()
export class ActionDefinitionsRepository extends TenantRepository<ActionDefinition> {
  constructor(@InjectRepository(ActionDefinition) repository: Repository<ActionDefinition>) {
    super(repository);
  }

  override withManager(manager: EntityManager): ActionDefinitionsRepository {
    return new ActionDefinitionsRepository(manager.getRepository(ActionDefinition));
  }

  /** The workspace's actions by name, with their sealed secrets (whose names the API lists). */
  listWithSecrets(workspaceId: WorkspaceId): Promise<ActionDefinition[]> {
    return this.secretsQuery()
      .where('action.workspaceId = :workspaceId', { workspaceId: asWorkspaceId(workspaceId) })
      .orderBy('action.name', 'ASC')
      .getMany();
  }

  /** The action with its sealed secrets; `lock` holds its row until the transaction ends (a unit of work's). */
  findWithSecrets(workspaceId: WorkspaceId, id: string, lock = false): Promise<ActionDefinition | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    const query = this.secretsQuery().where('action.id = :id AND action.workspaceId = :workspaceId', {
      id,
      workspaceId: asWorkspaceId(workspaceId),
    });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** Inserts the action; DuplicateActionNameError when the workspace has one of that name. */
  async insert(workspaceId: WorkspaceId, values: Omit<Partial<ActionDefinition>, 'workspaceId'>): Promise<string> {
    return this.uniqueName(values.name ?? '', () => this.insertReturningId(workspaceId, values));
  }

  /** Saves the changed action; DuplicateActionNameError when it is renamed to a name the workspace has. */
  async save(action: ActionDefinition): Promise<void> {
    asWorkspaceId(action.workspaceId);
    await this.uniqueName(action.name, () => this.repository.save(action));
  }

  private async uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DuplicateActionNameError(name);
      }
      throw error;
    }
  }

  private secretsQuery(): SelectQueryBuilder<ActionDefinition> {
    return this.repository.createQueryBuilder('action').addSelect('action.secrets');
  }
}
