import * as path from 'node:path';
import { AppConfig } from './app-config';
import { DEVELOPMENT_ACTION_SECRETS_KEY, ProcessKind, VARIABLES } from './config.schema';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates every variable at once, so one start-up names every problem. */
export function loadConfig(kind: ProcessKind, env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const values = new Map<string, string>();
  for (const spec of VARIABLES) {
    const raw = env[spec.name];
    if (raw === undefined || raw === '') {
      if (spec.requiredFor?.includes(kind)) problems.push(`${spec.name} is required: ${spec.description}`);
      else if (spec.default !== undefined) values.set(spec.name, spec.default);
      continue;
    }
    const error = spec.check(raw);
    if (error) problems.push(spec.secret ? `${spec.name} ${error}` : `${spec.name} ${error} (got "${raw}")`);
    else values.set(spec.name, raw);
  }
  if (values.get('EMBEDDINGS') === 'openai' && !values.get('OPENAI_API_KEY')) {
    problems.push('EMBEDDINGS=openai needs OPENAI_API_KEY');
  }
  if (
    values.get('NODE_ENV') === 'production' &&
    ['true', '1'].includes(values.get('CRAWL_ALLOW_PRIVATE_NETWORKS') ?? '')
  ) {
    problems.push(
      'CRAWL_ALLOW_PRIVATE_NETWORKS must not be true in production (it would let a source reach internal services)',
    );
  }
  if (values.get('NODE_ENV') === 'production' && values.get('ACTION_SECRETS_KEY') === DEVELOPMENT_ACTION_SECRETS_KEY) {
    problems.push(
      'ACTION_SECRETS_KEY must be set in production: the default is public, so it would not keep action secrets secret',
    );
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const get = (name: string): string => values.get(name) ?? '';
  const optional = (name: string): string | undefined => values.get(name);
  const int = (name: string): number => Number(get(name));
  const bool = (name: string): boolean => ['true', '1'].includes(get(name));

  const qdrantUrl = optional('QDRANT_URL');
  const openAiKey = optional('OPENAI_API_KEY');
  const secondaryKey = optional('OPENAI_SECONDARY_API_KEY');
  const model = get('OPENAI_MODEL');
  const smallModel = get('OPENAI_SMALL_MODEL');
  return {
    env: get('NODE_ENV') as AppConfig['env'],
    http: { host: get('HOST'), port: int('PORT'), publicUrl: get('PUBLIC_URL').replace(/\/$/, '') },
    database: { url: get('DATABASE_URL'), migrationsRun: bool('DATABASE_MIGRATIONS_RUN') },
    redis: { url: get('REDIS_URL') },
    dataDir: path.resolve(get('DATA_DIR')),
    vectorStore: qdrantUrl
      ? { kind: 'qdrant', url: qdrantUrl, apiKey: optional('QDRANT_API_KEY') }
      : { kind: 'lancedb' },
    llm: openAiKey
      ? {
          kind: 'openai',
          apiKey: openAiKey,
          baseUrl: optional('OPENAI_BASE_URL'),
          model,
          smallModel,
          secondary: secondaryKey
            ? {
                apiKey: secondaryKey,
                baseUrl: optional('OPENAI_SECONDARY_BASE_URL'),
                model: optional('OPENAI_SECONDARY_MODEL') ?? model,
                smallModel: optional('OPENAI_SECONDARY_SMALL_MODEL') ?? smallModel,
              }
            : undefined,
          timeoutMs: int('LLM_TIMEOUT_MS'),
          retriesPerProvider: int('LLM_RETRIES_PER_PROVIDER'),
          deadlineMs: int('LLM_DEADLINE_MS'),
        }
      : { kind: 'offline', model, smallModel },
    answers: {
      allowedLinkDomains: (optional('ANSWER_ALLOWED_LINK_DOMAINS') ?? '')
        .split(',')
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    },
    knowledge: {
      embedder:
        get('EMBEDDINGS') === 'openai' && openAiKey
          ? {
              kind: 'openai',
              apiKey: openAiKey,
              baseUrl: optional('OPENAI_BASE_URL'),
              model: get('OPENAI_EMBEDDING_MODEL'),
            }
          : { kind: 'local', threads: int('EMBEDDING_THREADS') },
      uploadMaxBytes: int('UPLOAD_MAX_BYTES'),
      importMaxBytes: int('IMPORT_MAX_BYTES'),
      crawl: {
        allowPrivateNetworks: bool('CRAWL_ALLOW_PRIVATE_NETWORKS'),
        maxPages: int('CRAWL_MAX_PAGES'),
        sitemapMaxUrls: int('SITEMAP_MAX_URLS'),
      },
    },
    actions: {
      secretsKey: get('ACTION_SECRETS_KEY').toLowerCase(),
      allowPrivateNetworks: bool('CRAWL_ALLOW_PRIVATE_NETWORKS'),
    },
    webhooks: {
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS'),
      disableAfterFailures: int('WEBHOOK_DISABLE_AFTER_FAILURES'),
      disableFailingForMs: int('WEBHOOK_DISABLE_FAILING_FOR_MS'),
      sweepIntervalMs: int('WEBHOOK_SWEEP_INTERVAL_MS'),
      allowPrivateNetworks: bool('CRAWL_ALLOW_PRIVATE_NETWORKS'),
    },
    csat: {
      windowDays: int('CSAT_WINDOW_DAYS'),
      idleMinutes: int('CSAT_IDLE_MINUTES'),
      idleSweepIntervalMs: int('CSAT_IDLE_SWEEP_INTERVAL_MS'),
    },
    privacy: {
      retentionIntervalMs: int('RETENTION_INTERVAL_MS'),
      retentionBatchSize: int('RETENTION_BATCH_SIZE'),
    },
    queue: {
      prefix: get('QUEUE_PREFIX'),
      ingestConcurrency: int('INGEST_CONCURRENCY'),
      lockDurationMs: int('QUEUE_LOCK_DURATION_MS'),
    },
    adminToken: optional('SWITCHBOARD_ADMIN_TOKEN'),
    log: { level: get('LOG_LEVEL') },
    outbox: { pollIntervalMs: int('OUTBOX_POLL_INTERVAL_MS'), batchSize: int('OUTBOX_BATCH_SIZE') },
    fineTuning: { pollIntervalMs: int('FINE_TUNING_POLL_INTERVAL_MS') },
    workerMetrics: { host: get('WORKER_METRICS_HOST'), port: int('WORKER_METRICS_PORT') },
    widget: {
      maxMessageChars: int('WIDGET_MAX_MESSAGE_CHARS'),
      rateLimitPerVisitor: int('WIDGET_RATE_LIMIT_VISITOR'),
      rateLimitPerIp: int('WIDGET_RATE_LIMIT_IP'),
      attachmentMaxBytes: int('ATTACHMENT_MAX_BYTES'),
      visitorToken: {
        ttlSeconds: int('WIDGET_TOKEN_TTL_SECONDS'),
        renewalGraceSeconds: int('WIDGET_TOKEN_GRACE_SECONDS'),
      },
    },
    console: {
      sessionTtlHours: int('CONSOLE_SESSION_TTL_HOURS'),
      loginMaxAttempts: int('LOGIN_MAX_ATTEMPTS'),
      loginEmailThrottle: {
        freeAttempts: int('LOGIN_DELAY_FREE_ATTEMPTS'),
        baseDelaySeconds: int('LOGIN_DELAY_BASE_SECONDS'),
        maxDelaySeconds: int('LOGIN_DELAY_MAX_SECONDS'),
      },
    },
    demo: { sitePort: int('DEMO_SITE_PORT') },
    slack: { apiUrl: get('SLACK_API_URL') },
    email: {
      smtpPort: int('SMTP_PORT'),
      maxMessageBytes: int('SMTP_MAX_MESSAGE_BYTES'),
      outboundUrl: optional('SMTP_OUTBOUND_URL'),
      domain: get('EMAIL_DOMAIN'),
      attachmentMaxBytes: int('EMAIL_ATTACHMENT_MAX_BYTES'),
      botAnswersPerHour: int('EMAIL_BOT_ANSWERS_PER_HOUR'),
    },
  };
}
