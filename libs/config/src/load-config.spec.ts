import { ConfigValidationError, loadConfig } from './load-config';
import { DEVELOPMENT_ACTION_SECRETS_KEY, VARIABLES } from './config.schema';

const ADMIN = { SWITCHBOARD_ADMIN_TOKEN: 'a'.repeat(32) };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('works on this machine with nothing set but the admin token', () => {
    const config = loadConfig('api', ADMIN);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/switchboard');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.vectorStore).toEqual({ kind: 'lancedb' });
    expect(config.llm.kind).toBe('offline');
    expect(config.database.migrationsRun).toBe(true);
  });

  it('lets the worker and the CLI start without the admin token', () => {
    expect(() => loadConfig('worker', {})).not.toThrow();
    expect(() => loadConfig('cli', {})).not.toThrow();
  });

  it('lists every missing or malformed variable in one error', () => {
    const problems = problemsOf(() =>
      loadConfig('api', {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://localhost/x',
        REDIS_URL: 'not a url',
        LOG_LEVEL: 'loud',
        DATABASE_MIGRATIONS_RUN: 'maybe',
      }),
    );
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT must be an integer \(got "eighty"\)$/),
        expect.stringMatching(/^DATABASE_URL must be a postgres or postgresql URL$/),
        expect.stringMatching(/^REDIS_URL must be a valid URL$/),
        expect.stringMatching(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/),
        expect.stringMatching(/^DATABASE_MIGRATIONS_RUN must be one of true, false, 1, 0/),
        expect.stringMatching(/^SWITCHBOARD_ADMIN_TOKEN is required/),
      ]),
    );
  });

  it('never echoes a secret value in its message', () => {
    const error = (() => {
      try {
        loadConfig('api', { SWITCHBOARD_ADMIN_TOKEN: 'short-secret-value', DATABASE_URL: 'ftp://user:hunter2@db' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).toContain('SWITCHBOARD_ADMIN_TOKEN must be at least 24 characters');
    expect(error.message).not.toContain('short-secret-value');
    expect(error.message).not.toContain('hunter2');
  });

  it('checks port ranges', () => {
    expect(problemsOf(() => loadConfig('api', { ...ADMIN, PORT: '70000' }))).toEqual([
      'PORT must be between 0 and 65535 (got "70000")',
    ]);
  });

  it('switches to Qdrant and an OpenAI-compatible API when they are configured', () => {
    const config = loadConfig('worker', {
      QDRANT_URL: 'http://qdrant:6333',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
    });
    expect(config.vectorStore).toEqual({ kind: 'qdrant', url: 'http://qdrant:6333', apiKey: undefined });
    expect(config.llm).toMatchObject({ kind: 'openai', apiKey: 'sk-test', baseUrl: 'http://localhost:11434/v1' });
  });

  it('refuses private-network crawling in production and OpenAI embeddings without a key', () => {
    expect(
      problemsOf(() =>
        loadConfig('worker', { NODE_ENV: 'production', CRAWL_ALLOW_PRIVATE_NETWORKS: 'true', EMBEDDINGS: 'openai' }),
      ),
    ).toEqual([
      'EMBEDDINGS=openai needs OPENAI_API_KEY',
      expect.stringMatching(/^CRAWL_ALLOW_PRIVATE_NETWORKS must not be true in production/),
      expect.stringMatching(/^ACTION_SECRETS_KEY must be set in production/),
    ]);
  });

  it('refuses the public development key for action secrets in production, and takes a key of its own', () => {
    expect(problemsOf(() => loadConfig('worker', { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^ACTION_SECRETS_KEY must be set in production/),
    ]);
    const key = 'ab'.repeat(32);
    expect(loadConfig('worker', { NODE_ENV: 'production', ACTION_SECRETS_KEY: key }).actions.secretsKey).toBe(key);
    expect(loadConfig('worker', {}).actions.secretsKey).toBe(DEVELOPMENT_ACTION_SECRETS_KEY);
    expect(problemsOf(() => loadConfig('worker', { ACTION_SECRETS_KEY: 'short' }))).toEqual([
      'ACTION_SECRETS_KEY must be 64 hexadecimal digits (a 256-bit key)',
    ]);
  });

  it('describes every variable and gives each a unique name', () => {
    const names = VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of VARIABLES) {
      expect(variable.description.length).toBeGreaterThan(10);
      if (variable.default !== undefined) expect(variable.check(variable.default)).toBeUndefined();
    }
  });
});
