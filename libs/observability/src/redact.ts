/** Field names whose values never reach a log line, wherever they appear in the first few levels of an object. */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'passwordHash',
  'token',
  'apiKey',
  'secret',
  'key',
  'adminToken',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'signingSecret',
  'botToken',
];

/** Header paths on pino-http's serialized `req` / `res` that carry credentials. */
export const SECRET_HEADER_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export const REDACTED = '[redacted]';

/** How many object levels below the log line's root are searched for {@link SECRET_KEYS}. */
export const REDACT_DEPTH = 4;

/** Builds pino `redact.paths`: each secret key at the root and under up to `depth - 1` wildcard levels. */
export function redactPaths(keys: readonly string[] = SECRET_KEYS, depth = REDACT_DEPTH): string[] {
  const paths = [...SECRET_HEADER_PATHS];
  for (let level = 0; level < depth; level++) {
    const prefix = '*.'.repeat(level);
    for (const key of keys) paths.push(`${prefix}${key}`);
  }
  return paths;
}
