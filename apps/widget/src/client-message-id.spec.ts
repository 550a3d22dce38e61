import { createClientMessageId } from './client-message-id';

const SERVER_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

describe('createClientMessageId', () => {
  it('uses randomUUID when the browser offers it', () => {
    expect(createClientMessageId({ randomUUID: () => '0b6c7c1e-1c1a-4c3e-9a55-2f1d8d0d8c11' })).toBe(
      '0b6c7c1e-1c1a-4c3e-9a55-2f1d8d0d8c11',
    );
  });

  it('falls back to getRandomValues, then to Math.random, within the server pattern', () => {
    const fromCrypto = createClientMessageId({
      getRandomValues: (bytes: Uint8Array) => {
        bytes.fill(171);
        return bytes;
      },
    });
    expect(fromCrypto).toBe(`c-${'ab'.repeat(16)}`);
    const fromMath = createClientMessageId(undefined, () => 0.999);
    expect(fromMath).toBe(`c-${'ff'.repeat(16)}`);
    expect(fromCrypto).toMatch(SERVER_PATTERN);
  });

  it('gives different ids on each call', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createClientMessageId(undefined)));
    expect(ids.size).toBe(50);
  });
});
