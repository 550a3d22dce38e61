import {
  EntityManager,
  FindManyOptions,
  FindOptionsOrder,
  FindOptionsSelect,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
} from 'typeorm';
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

/**
 * Row locks a read can take, held until the transaction ends; they need one (a unit of work's manager).
 * - `update` (FOR UPDATE): the row will be deleted or its key changed, or nothing may touch it until commit;
 * - `no_key_update` (FOR NO KEY UPDATE): the row's other columns will change. Writers still queue behind it, but
 *   rows referencing it (a message's foreign key to its conversation) can be inserted meanwhile.
 */
export type TenantLock = 'update' | 'no_key_update';

const LOCK_MODES = { update: 'pessimistic_write', no_key_update: 'for_no_key_update' } as const;

export interface TenantReadOptions<T> {
  order?: FindOptionsOrder<T>;
  /** Only these columns are read; the others are left undefined on the rows returned. */
  select?: FindOptionsSelect<T>;
  lock?: TenantLock;
}

export interface TenantFindOptions<T> extends TenantReadOptions<T> {
  where?: FindOptionsWhere<T>;
  take?: number;
  skip?: number;
}

/**
 * Tenant data goes through this repository: every method takes the workspace id first and adds it
 * to the query, so a query that forgets it does not compile and one given an empty id throws.
 */
export class TenantRepository<T extends TenantRow> {
  constructor(protected readonly repository: Repository<T>) {}

  /** The same repository bound to a transaction. */
  withManager(manager: EntityManager): TenantRepository<T> {
    return new TenantRepository(manager.getRepository<T>(this.repository.target));
  }

  async find(workspaceId: WorkspaceId, options: TenantFindOptions<T> = {}): Promise<T[]> {
    const { where, take, skip, ...read } = options;
    return this.repository.find({ ...this.readOptions(workspaceId, where, read), take, skip });
  }

  async findOne(
    workspaceId: WorkspaceId,
    where: FindOptionsWhere<T>,
    options: TenantReadOptions<T> = {},
  ): Promise<T | null> {
    return this.repository.findOne(this.readOptions(workspaceId, where, options));
  }

  async findById(workspaceId: WorkspaceId, id: string, options: TenantReadOptions<T> = {}): Promise<T | null> {
    asWorkspaceId(workspaceId);
    if (!isUuid(id)) return null;
    return this.findOne(workspaceId, { id } as FindOptionsWhere<T>, options);
  }

  async count(workspaceId: WorkspaceId, where?: FindOptionsWhere<T>): Promise<number> {
    return this.repository.count({ where: this.scope(workspaceId, where) });
  }

  async create(workspaceId: WorkspaceId, values: Omit<Partial<T>, 'workspaceId'>): Promise<T> {
    const entity = this.repository.create({ ...values, workspaceId: asWorkspaceId(workspaceId) } as unknown as T);
    return this.repository.save(entity);
  }

  /** Inserts one row in one statement (no transaction of its own, no read-back) and returns its id. */
  async insertReturningId(
    workspaceId: WorkspaceId,
    values: Omit<QueryDeepPartialEntity<T>, 'workspaceId'>,
  ): Promise<string> {
    const row = { ...values, workspaceId: asWorkspaceId(workspaceId) } as QueryDeepPartialEntity<T>;
    const result = await this.repository.createQueryBuilder().insert().values(row).returning('id').execute();
    return (result.identifiers[0] as { id: string }).id;
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

  /** Deletes the workspace's rows that match; returns how many went. */
  async deleteWhere(workspaceId: WorkspaceId, where: FindOptionsWhere<T>): Promise<number> {
    const result = await this.repository.delete(this.scope(workspaceId, where));
    return result.affected ?? 0;
  }

  private readOptions(
    workspaceId: WorkspaceId,
    where: FindOptionsWhere<T> | undefined,
    { order, select, lock }: TenantReadOptions<T>,
  ): FindManyOptions<T> {
    return {
      where: this.scope(workspaceId, where),
      ...(order ? { order } : {}),
      ...(select ? { select } : {}),
      ...(lock ? { lock: { mode: LOCK_MODES[lock] } } : {}),
    };
  }

  private scope(workspaceId: WorkspaceId, where?: FindOptionsWhere<T>): FindOptionsWhere<T> {
    return { ...(where ?? {}), workspaceId: asWorkspaceId(workspaceId) } as FindOptionsWhere<T>;
  }
}
