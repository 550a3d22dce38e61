import { EntityManager, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A workspace id that has been checked; repositories accept nothing else. */
export type WorkspaceId = string & { readonly __brand: 'WorkspaceId' };

export class MissingWorkspaceError extends Error {
  constructor() {
    super('A workspace id is required to read or write tenant data');
    this.name = 'MissingWorkspaceError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs everywhere; anything else is not found rather than a database error. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function asWorkspaceId(value: unknown): WorkspaceId {
  if (!isUuid(value)) throw new MissingWorkspaceError();
  return value as WorkspaceId;
}

type TenantRow = ObjectLiteral & { id: string; workspaceId: string };

export interface TenantFindOptions<T> {
  where?: FindOptionsWhere<T>;
  order?: FindOptionsOrder<T>;
  take?: number;
  skip?: number;
}

/**
 * Tenant data goes through this repository: every method takes the workspace id first and adds it
 * to the query, so a query that forgets it does not compile and one given an empty id throws.
 */
export class TenantRepository<T extends TenantRow> {
  constructor(private readonly repository: Repository<T>) {}

  /** The same repository bound to a transaction. */
  withManager(manager: EntityManager): TenantRepository<T> {
    return new TenantRepository(manager.getRepository<T>(this.repository.target));
  }

  async find(workspaceId: WorkspaceId, options: TenantFindOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scope(workspaceId, options.where) });
  }

  async findOne(workspaceId: WorkspaceId, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.repository.findOne({ where: this.scope(workspaceId, where) });
  }

  async findById(workspaceId: WorkspaceId, id: string): Promise<T | null> {
    asWorkspaceId(workspaceId);
    if (!isUuid(id)) return null;
    return this.findOne(workspaceId, { id } as FindOptionsWhere<T>);
  }

  async count(workspaceId: WorkspaceId, where?: FindOptionsWhere<T>): Promise<number> {
    return this.repository.count({ where: this.scope(workspaceId, where) });
  }

  async create(workspaceId: WorkspaceId, values: Omit<Partial<T>, 'workspaceId'>): Promise<T> {
    const entity = this.repository.create({ ...values, workspaceId: asWorkspaceId(workspaceId) } as unknown as T);
    return this.repository.save(entity);
  }

  /** Updates the row only if it belongs to the workspace; returns whether a row changed. */
  async update(workspaceId: WorkspaceId, id: string, values: QueryDeepPartialEntity<T>): Promise<boolean> {
    const scope = this.scope(workspaceId, { id } as FindOptionsWhere<T>);
    if (!isUuid(id)) return false;
    const result = await this.repository.update(scope, values);
    return (result.affected ?? 0) > 0;
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const scope = this.scope(workspaceId, { id } as FindOptionsWhere<T>);
    if (!isUuid(id)) return false;
    const result = await this.repository.delete(scope);
    return (result.affected ?? 0) > 0;
  }

  private scope(workspaceId: WorkspaceId, where?: FindOptionsWhere<T>): FindOptionsWhere<T> {
    return { ...(where ?? {}), workspaceId: asWorkspaceId(workspaceId) } as FindOptionsWhere<T>;
  }
}
