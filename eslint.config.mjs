import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Who owns the data (ARCHITECTURE.md §6), enforced.
/** Each table's entity and the one lib that owns it; only that lib imports the entity class (types are free). */
const ENTITY_OWNERS = {
  conversations: ['Conversation', 'Message', 'Contact', 'ContactInbox', 'Inbox', 'Workspace', 'MessageAttachment'],
  auth: ['Agent', 'AgentSession', 'ApiKey'],
  handoff: ['Ticket', 'CannedReply', 'TicketLabelCorrection', 'Team'],
  knowledge: ['KnowledgeSource', 'Document', 'KnowledgeSync', 'CachedEmbedding'],
  answers: ['AnswerTrace'],
  llm: ['LlmCall'],
  queue: ['OutboxEntry'],
  channels: ['SlackTicketThread'],
  actions: ['ActionDefinition', 'PendingActionState'],
  'fine-tuning': ['FineTuningExport', 'FineTuningJob'],
  webhooks: ['WebhookEndpoint', 'WebhookDelivery'],
  audit: ['AuditEvent'],
  csat: ['CsatRating'],
  privacy: ['ContactErasure'],
};
const ALL_ENTITIES = Object.values(ENTITY_OWNERS).flat();
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/testing/**/*.ts'];

const DEEP_IMPORTS = [
  {
    group: ['@switchboard/*/*', '!@switchboard/*/testing', '!@switchboard/answers/eval', '!@switchboard/actions/eval'],
    message: "Import a lib from its index ('@switchboard/<lib>'), or its doubles from '@switchboard/<lib>/testing'.",
  },
  {
    regex: '^(\\.\\./)+(libs/)?[a-z-]+/src(/|$)',
    message: "Import another lib from '@switchboard/<lib>' (or '@switchboard/<lib>/testing'), never from its files.",
  },
];

function importRules(entitiesNotOwned) {
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: entitiesNotOwned.length
          ? [
              {
                name: '@switchboard/database',
                importNames: entitiesNotOwned,
                allowTypeImports: true,
                message: 'Another lib owns this table: call its service (ARCHITECTURE.md §6).',
              },
            ]
          : [],
        patterns: DEEP_IMPORTS,
      },
    ],
  };
}

const DATA_ACCESS_MESSAGE =
  "Data access lives in *.repository.ts (or libs/database): call the owning lib's repository or service (ARCHITECTURE.md §6).";

export const ownershipRules = [
  // Everything outside a lib: apps, scripts, tests. Apps call lib services; tests may build fixtures with entities.
  { files: ['apps/**/*.ts', 'scripts/**/*.ts', 'migrations/**/*.ts'], rules: importRules(ALL_ENTITIES) },
  ...Object.keys(ENTITY_OWNERS)
    .concat(['config', 'contracts', 'network', 'observability', 'vector-store', 'storage'])
    .map((lib) => ({
      files: [`libs/${lib}/**/*.ts`],
      rules: importRules(ALL_ENTITIES.filter((name) => !(ENTITY_OWNERS[lib] ?? []).includes(name))),
    })),
  { files: TEST_FILES, rules: importRules([]) },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      'libs/database/**',
      // LanceDB's table.query() is not SQL.
      'libs/vector-store/src/lancedb/**',
      ...TEST_FILES,
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(getRepository|createQueryBuilder|query)$/]',
          message: DATA_ACCESS_MESSAGE,
        },
        { selector: "ImportSpecifier[imported.name='DataSource']", message: DATA_ACCESS_MESSAGE },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...ownershipRules,
);
