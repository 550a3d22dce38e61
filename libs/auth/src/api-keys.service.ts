import { Injectable } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
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
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Keys carry 192 random bits, so a fast hash suffices: there is nothing to brute-force. */
  async issue(workspaceId: WorkspaceId, name: string, manager?: EntityManager): Promise<IssuedApiKey> {
    const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const keys = manager ? this.keys.withManager(manager) : this.keys;
    const row = await keys.create(workspaceId, { name, prefix: key.slice(0, 10), keyHash: hashKey(key) });
    const issued = { id: row.id, name: row.name, prefix: row.prefix, key, createdAt: row.createdAt };
    await this.audit.record(workspaceId, {
      action: 'api_key.created',
      target: apiKeyTarget(row.id),
      after: issued,
      manager,
    });
    return issued;
  }

  /** The workspace a live key belongs to, or null; `display` names the key (name and prefix) in the audit log. */
  async resolve(key: string): Promise<{ workspaceId: WorkspaceId; keyId: string; display: string } | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const row = await this.keys.findLive(hashKey(key));
    if (!row) return null;
    const hourAgo = Date.now() - 3_600_000;
    if (!row.lastUsedAt || row.lastUsedAt.getTime() < hourAgo) await this.keys.touch(row.id, new Date());
    return { workspaceId: row.workspaceId, keyId: row.id, display: `${row.name} (${row.prefix}…)` };
  }

  list(workspaceId: WorkspaceId): Promise<ApiKey[]> {
    return this.keys.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  async revoke(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const row = await this.keys.findById(workspaceId, id);
    if (!row || row.revokedAt) return false;
    const revokedAt = new Date();
    if (!(await this.keys.update(workspaceId, id, { revokedAt }))) return false;
    await this.audit.record(workspaceId, {
      action: 'api_key.revoked',
      target: apiKeyTarget(id),
      before: row,
      after: { ...row, revokedAt },
    });
    return true;
  }
}

function apiKeyTarget(id: string): { type: string; id: string } {
  return { type: 'api_key', id };
}
