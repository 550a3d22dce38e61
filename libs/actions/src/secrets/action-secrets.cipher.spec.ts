import { AppConfig } from '@switchboard/config';
import type { WorkspaceId } from '@switchboard/database';
import { ActionSecretsCipher, UnreadableSecretError } from './action-secrets.cipher';

const cipherWith = (key: string) => new ActionSecretsCipher({ actions: { secretsKey: key } } as AppConfig);
const WORKSPACE = '3f0c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b' as WorkspaceId;
const OTHER = '9f0c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b' as WorkspaceId;

describe('ActionSecretsCipher', () => {
  const cipher = cipherWith('ab'.repeat(32));

  it('seals to a value that holds no trace of the secret and opens it again', () => {
    const sealed = cipher.seal(WORKSPACE, 'API_TOKEN', 'tok_live_123');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('tok_live_123');
    expect(cipher.seal(WORKSPACE, 'API_TOKEN', 'tok_live_123')).not.toBe(sealed);
    expect(cipher.open(WORKSPACE, 'API_TOKEN', sealed)).toBe('tok_live_123');
  });

  it('refuses to open under another key, workspace or name, or once tampered with', () => {
    const sealed = cipher.seal(WORKSPACE, 'API_TOKEN', 'tok_live_123');
    expect(() => cipherWith('cd'.repeat(32)).open(WORKSPACE, 'API_TOKEN', sealed)).toThrow(UnreadableSecretError);
    expect(() => cipher.open(OTHER, 'API_TOKEN', sealed)).toThrow(UnreadableSecretError);
    expect(() => cipher.open(WORKSPACE, 'OTHER_TOKEN', sealed)).toThrow(UnreadableSecretError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'AB' : 'AA');
    expect(() => cipher.open(WORKSPACE, 'API_TOKEN', tampered)).toThrow(UnreadableSecretError);
  });
});
