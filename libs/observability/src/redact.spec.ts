import { REDACT_DEPTH, redactPaths, SECRET_HEADER_PATHS, SECRET_KEYS } from './redact';

describe('redactPaths', () => {
  it('covers each secret key from the root down to the configured depth', () => {
    const paths = redactPaths();
    expect(paths).toEqual(expect.arrayContaining([...SECRET_HEADER_PATHS, 'password', '*.password', '*.*.*.apiKey']));
    expect(paths).toHaveLength(SECRET_HEADER_PATHS.length + SECRET_KEYS.length * REDACT_DEPTH);
  });
});
