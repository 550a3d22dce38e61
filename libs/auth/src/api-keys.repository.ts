import { Injectable } from '@nestjs/common';
import { ApiKey, TenantRepository } from '@switchboard/database';
import { DataSource, IsNull, Repository } from 'typeorm';

/** The `api_keys` table; only the sha256 of a key is stored. */
@Injectable()
export class ApiKeysRepository extends TenantRepository<ApiKey> {
  private readonly keys: Repository<ApiKey>;

  constructor(dataSource: DataSource) {
    const keys = dataSource.getRepository(ApiKey);
    super(keys);
    this.keys = keys;
  }

  /** The unrevoked key with this hash. Any workspace: the key says which. */
  findLive(keyHash: string): Promise<ApiKey | null> {
    return this.keys.findOne({ where: { keyHash, revokedAt: IsNull() } });
  }

  async touch(id: string, usedAt: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: usedAt });
  }
}
