/** The subset of Web Crypto used here; either method may be missing (randomUUID needs a secure context). */
export interface RandomSource {
  randomUUID?(): string;
  getRandomValues?(array: Uint8Array): unknown;
}

/** A fresh id for an outgoing message, within the server's `[A-Za-z0-9_-]{1,100}`. */
export function createClientMessageId(source: RandomSource | undefined, random: () => number = Math.random): string {
  if (source?.randomUUID) return source.randomUUID();
  const bytes = new Uint8Array(16);
  if (source?.getRandomValues) source.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return `c-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
