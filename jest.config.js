// Three tiers (ARCHITECTURE.md §4.12): unit beside the code, int against real Postgres/Redis, e2e over HTTP.
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  // A lib's public index, or one of its declared entry points (`testing` for its doubles, answers' `eval`).
  moduleNameMapper: {
    '^@switchboard/([^/]+)/(testing|eval)$': '<rootDir>/libs/$1/src/$2',
    '^@switchboard/([^/]+)$': '<rootDir>/libs/$1/src',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
};

module.exports = {
  // Per-project testTimeout is ignored by jest; integration and e2e tests wait on real services.
  testTimeout: 60000,
  // The int and e2e suites run one file at a time in one worker (`--maxWorkers=1`, not `--runInBand`): a worker whose
  // heap has grown past this after a file is replaced, so what booted apis, embedders and browsers leave behind does
  // not add up to an out-of-memory crash over 60 files (in band, the e2e run reached Node's 4 GB heap limit).
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test,scripts}/**/*.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // Every response an e2e test gets is checked against the api's own OpenAPI document.
      setupFilesAfterEnv: ['<rootDir>/test/support/openapi-response-check.ts'],
    },
  ],
};
