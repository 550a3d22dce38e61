import { Injectable } from '@nestjs/common';
import { ApiKey, WorkspaceId } from '@switchboard/database';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ApiKeysRepository } from './api-keys.repository';

export interface IssuedApiKey {
  id: string;
  name: string;
  prefix: string;
  /** The key itself: returned once, only its sha256 is stored. */
  key: string;
  createdAt: Date;
}

const KEY_PREFIX = 'sb_';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /** Keys carry 192 random bits, so a fast hash suffices: there is nothing to brute-force. */
  async issue(workspaceId: WorkspaceId, name: string, manager?: EntityManager): Promise<IssuedApiKey> {
    const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const keys = manager ? this.keys.withManager(manager) : this.keys;
    const row = await keys.create(workspaceId, { name, prefix: key.slice(0, 10), keyHash: hashKey(key) });
    return { id: row.id, name: row.name, prefix: row.prefix, key, createdAt: row.createdAt };
  }

  /** The workspace a live key belongs to, or null. */
  async resolve(key: string): Promise<{ workspaceId: WorkspaceId; keyId: string } | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const row = await this.keys.findLive(hashKey(key));
    if (!row) return null;
    const hourAgo = Date.now() - 3_600_000;
    if (!row.lastUsedAt || row.lastUsedAt.getTime() < hourAgo) await this.keys.touch(row.id, new Date());
    return { workspaceId: row.workspaceId, keyId: row.id };
  }

  list(workspaceId: WorkspaceId): Promise<ApiKey[]> {
    return this.keys.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  async revoke(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const row = await this.keys.findById(workspaceId, id);
    if (!row || row.revokedAt) return false;
    return this.keys.update(workspaceId, id, { revokedAt: new Date() });
  }
}
