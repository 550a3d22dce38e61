import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import type { WorkspaceId } from '@switchboard/database';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A sealed secret that cannot be opened: another key, another workspace or secret name, or tampered with. */
export class UnreadableSecretError extends Error {
  constructor(readonly secretName: string) {
    super(`Action secret ${secretName} cannot be decrypted (wrong ACTION_SECRETS_KEY or tampered value)`);
    this.name = 'UnreadableSecretError';
  }
}

/**
 * Seals action secrets with AES-256-GCM under ACTION_SECRETS_KEY. The workspace and the secret's name are
 * authenticated with it, so a sealed value copied to another workspace or name does not open.
 */
@Injectable()
export class ActionSecretsCipher {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(config.actions.secretsKey, 'hex');
  }

  seal(workspaceId: WorkspaceId, name: string, value: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(associatedData(workspaceId, name));
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(workspaceId: WorkspaceId, name: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new UnreadableSecretError(name);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(associatedData(workspaceId, name));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSecretError(name);
    }
  }
}

function associatedData(workspaceId: WorkspaceId, name: string): Buffer {
  return Buffer.from(`${workspaceId}\u0000${name}`, 'utf8');
}
