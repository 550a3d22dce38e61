import type { WorkspaceId } from '@switchboard/database';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A sealed secret that cannot be opened: another key, another workspace or secret name, or tampered with. */
export class UnreadableSecretError extends Error {
  constructor(
    readonly secretName: string,
    keyName = 'ACTION_SECRETS_KEY',
  ) {
    super(`Secret ${secretName} cannot be decrypted (wrong ${keyName} or tampered value)`);
    this.name = 'UnreadableSecretError';
  }
}

/**
 * Seals tenant secrets at rest with AES-256-GCM. The workspace and the secret's name are authenticated with it, so
 * a sealed value copied to another workspace or name does not open; each use names its secrets in its own
 * namespace (action secrets `API_TOKEN`, webhook secrets `webhook:<id>:…`), so one key serves them all.
 */
export class SecretsCipher {
  private readonly key: Buffer;

  constructor(
    keyHex: string,
    private readonly keyName: string,
  ) {
    this.key = Buffer.from(keyHex, 'hex');
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
    if (version !== VERSION || !iv || !tag || data === undefined) throw new UnreadableSecretError(name, this.keyName);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(associatedData(workspaceId, name));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSecretError(name, this.keyName);
    }
  }
}

function associatedData(workspaceId: WorkspaceId, name: string): Buffer {
  return Buffer.from(`${workspaceId}\u0000${name}`, 'utf8');
}
