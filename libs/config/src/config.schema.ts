/** Which process reads a variable; a variable required for a process stops that process at boot when unset. */
export type ProcessKind = 'api' | 'worker' | 'cli';

export interface VariableSpec {
  name: string;
  description: string;
  /** Value used when the variable is unset; absent means "optional, no value". */
  default?: string;
  /** Processes that refuse to start without it. */
  requiredFor?: ProcessKind[];
  /** Never logged, never echoed back in error messages. */
  secret?: boolean;
  /** Its default only suits a single machine: a container deployment must set it. */
  deploymentMustSet?: boolean;
  /** Returns an error message, or undefined when the raw value is acceptable. */
  check: (raw: string) => string | undefined;
}

const oneOf =
  (...values: string[]) =>
  (raw: string): string | undefined =>
    values.includes(raw) ? undefined : `must be one of ${values.join(', ')}`;

const integer =
  (min: number, max: number) =>
  (raw: string): string | undefined => {
    if (!/^-?\d+$/.test(raw)) return 'must be an integer';
    const n = Number(raw);
    return n < min || n > max ? `must be between ${min} and ${max}` : undefined;
  };

const url =
  (...protocols: string[]) =>
  (raw: string): string | undefined => {
    try {
      const parsed = new URL(raw);
      return protocols.includes(parsed.protocol.replace(/:$/, ''))
        ? undefined
        : `must be a ${protocols.join(' or ')} URL`;
    } catch {
      return 'must be a valid URL';
    }
  };

const boolean = oneOf('true', 'false', '1', '0');
const nonEmpty = (raw: string): string | undefined => (raw.trim() ? undefined : 'must not be empty');
const minLength =
  (length: number) =>
  (raw: string): string | undefined =>
    raw.length >= length ? undefined : `must be at least ${length} characters`;

/** The ACTION_SECRETS_KEY of development and tests: public, so a production start refuses it. */
export const DEVELOPMENT_ACTION_SECRETS_KEY = '737769746368626f6172642064657620616374696f6e73206b65792032303236';

const hexKey = (raw: string): string | undefined =>
  /^[0-9a-fA-F]{64}$/.test(raw) ? undefined : 'must be 64 hexadecimal digits (a 256-bit key)';

/** Every environment variable Switchboard reads, in one table: the source of .env.example and the README. */
export const VARIABLES: readonly VariableSpec[] = [
  {
    name: 'NODE_ENV',
    description: 'Runtime environment.',
    default: 'development',
    check: oneOf('development', 'production', 'test'),
  },
  {
    name: 'HOST',
    description: 'Interface the api listens on (0.0.0.0 in containers).',
    default: '127.0.0.1',
    deploymentMustSet: true,
    check: nonEmpty,
  },
  { name: 'PORT', description: 'HTTP port of the api.', default: '3000', check: integer(0, 65535) },
  {
    name: 'PUBLIC_URL',
    description: 'Public base URL of the api, used in links (widget script, console).',
    default: 'http://localhost:3000',
    check: url('http', 'https'),
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL connection URL; the database is created if missing.',
    default: 'postgres://postgres@127.0.0.1:5432/switchboard',
    secret: true,
    deploymentMustSet: true,
    check: url('postgres', 'postgresql'),
  },
  {
    name: 'DATABASE_MIGRATIONS_RUN',
    description: 'Run pending migrations at start-up.',
    default: 'true',
    check: boolean,
  },
  {
    name: 'REDIS_URL',
    description: 'Redis connection URL (queues, cache, rate limits, pub/sub).',
    default: 'redis://127.0.0.1:6379',
    secret: true,
    deploymentMustSet: true,
    check: url('redis', 'rediss'),
  },
  {
    name: 'DATA_DIR',
    description: 'Directory for local files (embedded vector store, uploads).',
    default: './data',
    deploymentMustSet: true,
    check: nonEmpty,
  },
  {
    name: 'QDRANT_URL',
    description: 'Qdrant server URL; when unset the embedded LanceDB store is used.',
    check: url('http', 'https'),
  },
  { name: 'QDRANT_API_KEY', description: 'Qdrant API key, if the server requires one.', secret: true, check: nonEmpty },
  {
    name: 'OPENAI_API_KEY',
    description: 'Key for an OpenAI-compatible API; when unset answers are extractive (offline).',
    secret: true,
    check: nonEmpty,
  },
  {
    name: 'OPENAI_BASE_URL',
    description: 'Base URL of the OpenAI-compatible API (Azure, Ollama, vLLM, ...).',
    check: url('http', 'https'),
  },
  {
    name: 'OPENAI_MODEL',
    description: 'Main model, for answers and action tool calls.',
    default: 'gpt-4o-mini',
    check: nonEmpty,
  },
  {
    name: 'OPENAI_SMALL_MODEL',
    description: 'Small model, for query rewrite, classification, summaries, grounding checks.',
    default: 'gpt-4o-mini',
    check: nonEmpty,
  },
  {
    name: 'OPENAI_SECONDARY_API_KEY',
    description: 'Key of a second OpenAI-compatible provider, tried when the first fails.',
    secret: true,
    check: nonEmpty,
  },
  { name: 'OPENAI_SECONDARY_BASE_URL', description: 'Base URL of the second provider.', check: url('http', 'https') },
  {
    name: 'OPENAI_SECONDARY_MODEL',
    description: "Second provider's main model (default: OPENAI_MODEL).",
    check: nonEmpty,
  },
  {
    name: 'OPENAI_SECONDARY_SMALL_MODEL',
    description: "Second provider's small model (default: OPENAI_SMALL_MODEL).",
    check: nonEmpty,
  },
  {
    name: 'LLM_TIMEOUT_MS',
    description: 'Timeout of one LLM request (and the longest pause inside a stream).',
    default: '8000',
    check: integer(100, 600_000),
  },
  {
    name: 'LLM_RETRIES_PER_PROVIDER',
    description: 'Retries per provider on 429, 5xx, timeouts and network errors.',
    default: '1',
    check: integer(0, 10),
  },
  {
    name: 'LLM_DEADLINE_MS',
    description: 'Total time an answer may wait for the LLM before falling back to the extractive answer.',
    default: '30000',
    check: integer(500, 600_000),
  },
  {
    name: 'ANSWER_ALLOWED_LINK_DOMAINS',
    description: 'Comma-separated domains answers may link to besides their cited sources.',
    check: nonEmpty,
  },
  {
    name: 'SWITCHBOARD_ADMIN_TOKEN',
    description: 'Instance admin token: creates workspaces. `npm run demo` generates one.',
    requiredFor: ['api'],
    secret: true,
    deploymentMustSet: true,
    check: minLength(24),
  },
  {
    name: 'EMBEDDINGS',
    description:
      'Embedder: local (bundled Universal Sentence Encoder lite, offline) or openai (the OpenAI-compatible API).',
    default: 'local',
    check: oneOf('local', 'openai'),
  },
  {
    name: 'OPENAI_EMBEDDING_MODEL',
    description: 'Embedding model when EMBEDDINGS=openai.',
    default: 'text-embedding-3-small',
    check: nonEmpty,
  },
  {
    name: 'EMBEDDING_THREADS',
    description: 'Worker threads for the local embedder (0: one per CPU core).',
    default: '0',
    check: integer(0, 64),
  },
  {
    name: 'UPLOAD_MAX_BYTES',
    description: 'Largest file accepted for upload, in bytes.',
    default: '20971520',
    check: integer(1024, 1_073_741_824),
  },
  {
    name: 'IMPORT_MAX_BYTES',
    description: 'Largest JSONL bulk import accepted, in bytes.',
    default: '104857600',
    check: integer(1024, 1_073_741_824),
  },
  {
    name: 'CRAWL_ALLOW_PRIVATE_NETWORKS',
    description:
      'Let the crawler, and actions at their declared hosts, reach loopback, private and link-local addresses. Tests only: never in production.',
    default: 'false',
    check: boolean,
  },
  {
    name: 'ACTION_SECRETS_KEY',
    description:
      'Key that encrypts action secrets at rest (AES-256-GCM), 64 hex digits (openssl rand -hex 32). The default is public, for development and tests: production refuses it.',
    default: DEVELOPMENT_ACTION_SECRETS_KEY,
    secret: true,
    deploymentMustSet: true,
    check: hexKey,
  },
  {
    name: 'WEBHOOK_RETRY_BASE_MS',
    description:
      'First retry delay of a failed webhook delivery; each retry doubles it (at most an hour apart) for up to 24 hours.',
    default: '30000',
    check: integer(1, 3_600_000),
  },
  {
    name: 'WEBHOOK_DISABLE_AFTER_FAILURES',
    description:
      'Failed webhook attempts in a row (no success between) after which the endpoint is disabled, once it has also been failing for WEBHOOK_DISABLE_FAILING_FOR_MS.',
    default: '20',
    check: integer(1, 100_000),
  },
  {
    name: 'WEBHOOK_DISABLE_FAILING_FOR_MS',
    description: 'How long a webhook endpoint must have been failing, without a success, before it is disabled.',
    default: '86400000',
    check: integer(0, 30 * 86_400_000),
  },
  {
    name: 'WEBHOOK_SWEEP_INTERVAL_MS',
    description:
      'How often the worker re-enqueues webhook deliveries that are due but have no job (a Redis that lost its data).',
    default: '30000',
    check: integer(100, 3_600_000),
  },
  {
    name: 'CSAT_WINDOW_DAYS',
    description:
      'Days after a customer is asked to rate a conversation during which they can rate it and change their rating (the e-mailed link expires then too).',
    default: '7',
    check: integer(1, 365),
  },
  {
    name: 'CSAT_IDLE_MINUTES',
    description:
      'Minutes without a message after which a conversation the bot still has (at least one bot answer, no rating asked yet) ends: it is resolved and the customer asked to rate it. 0 turns the idle sweep off.',
    default: '30',
    check: integer(0, 7 * 24 * 60),
  },
  {
    name: 'CSAT_IDLE_SWEEP_INTERVAL_MS',
    description:
      'How often the worker looks for idle bot conversations to end and ask for a rating (CSAT_IDLE_MINUTES).',
    default: '60000',
    check: integer(100, 3_600_000),
  },
  {
    name: 'RETENTION_INTERVAL_MS',
    description:
      "How often the worker deletes conversations older than their workspace's retention period (retentionDays).",
    default: '3600000',
    check: integer(1_000, 7 * 86_400_000),
  },
  {
    name: 'RETENTION_BATCH_SIZE',
    description: 'Conversations the retention job deletes per statement; each batch is its own short transaction.',
    default: '200',
    check: integer(1, 5_000),
  },
  {
    name: 'CRAWL_MAX_PAGES',
    description: 'Upper bound on pages per crawl (a source may ask for fewer).',
    default: '1000',
    check: integer(1, 100_000),
  },
  {
    name: 'SITEMAP_MAX_URLS',
    description: 'Largest sitemap accepted, in URLs.',
    default: '5000',
    check: integer(1, 1_000_000),
  },
  {
    name: 'INGEST_CONCURRENCY',
    description: 'Documents the worker ingests at once.',
    default: '8',
    check: integer(1, 64),
  },
  {
    name: 'QUEUE_LOCK_DURATION_MS',
    description: "How long a job stays locked to a worker before a dead worker's job is handed to another.",
    default: '30000',
    check: integer(1000, 600_000),
  },
  {
    name: 'LOG_LEVEL',
    description: 'Minimum level of the log lines written.',
    default: 'info',
    check: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  {
    name: 'QUEUE_PREFIX',
    description: 'Prefix of every BullMQ key in Redis, so several installations (or test runs) can share one Redis.',
    default: 'switchboard',
    check: (raw) => (/^[A-Za-z0-9_-]{1,64}$/.test(raw) ? undefined : 'must be 1-64 letters, digits, _ or -'),
  },
  {
    name: 'OUTBOX_POLL_INTERVAL_MS',
    description: 'How often the outbox relay looks for unsent jobs.',
    default: '250',
    check: integer(10, 60_000),
  },
  {
    name: 'FINE_TUNING_POLL_INTERVAL_MS',
    description: "How often the worker reads a running fine-tuning job's status and events from the provider.",
    default: '30000',
    check: integer(10, 3_600_000),
  },
  {
    name: 'OUTBOX_BATCH_SIZE',
    description: 'Outbox rows relayed per pass.',
    default: '100',
    check: integer(1, 10_000),
  },
  {
    name: 'WORKER_METRICS_HOST',
    description: "Interface of the worker's Prometheus endpoint.",
    default: '127.0.0.1',
    check: nonEmpty,
  },
  {
    name: 'WORKER_METRICS_PORT',
    description: "Port of the worker's Prometheus endpoint (0 turns it off).",
    default: '9464',
    check: integer(0, 65535),
  },
  {
    name: 'WIDGET_MAX_MESSAGE_CHARS',
    description: 'Longest message a widget visitor may send, in characters.',
    default: '2000',
    check: integer(1, 20_000),
  },
  {
    name: 'WIDGET_RATE_LIMIT_VISITOR',
    description: 'Widget requests one visitor may make per minute (messages, feedback, handoff).',
    default: '30',
    check: integer(1, 100_000),
  },
  {
    name: 'WIDGET_RATE_LIMIT_IP',
    description: 'Widget requests one IP address may make per minute, over all its visitors.',
    default: '300',
    check: integer(1, 1_000_000),
  },
  {
    name: 'WIDGET_TOKEN_TTL_SECONDS',
    description: 'Lifetime of a widget visitor token, in seconds (30 days); the widget renews it silently before then.',
    default: '2592000',
    check: integer(1, 365 * 24 * 3600),
  },
  {
    name: 'WIDGET_TOKEN_GRACE_SECONDS',
    description: 'Seconds after expiry a visitor token may still be renewed, keeping its conversation (7 days).',
    default: '604800',
    check: integer(0, 365 * 24 * 3600),
  },
  {
    name: 'CONSOLE_SESSION_TTL_HOURS',
    description: 'How long an agent console session lasts without signing in again.',
    default: '12',
    check: integer(1, 24 * 30),
  },
  {
    name: 'LOGIN_MAX_ATTEMPTS',
    description: 'Failed console sign-ins allowed per IP address and e-mail within 15 minutes.',
    default: '10',
    check: integer(1, 10_000),
  },
  {
    name: 'LOGIN_DELAY_FREE_ATTEMPTS',
    description: 'Failed console sign-ins per e-mail (any IP) before each further attempt must wait a growing delay.',
    default: '5',
    check: integer(1, 10_000),
  },
  {
    name: 'LOGIN_DELAY_BASE_SECONDS',
    description: 'First per-e-mail sign-in delay, in seconds; it doubles with every further failure.',
    default: '1',
    check: integer(1, 3600),
  },
  {
    name: 'LOGIN_DELAY_MAX_SECONDS',
    description: 'Longest per-e-mail sign-in delay, in seconds: the most wrong passwords can make an agent wait.',
    default: '300',
    check: integer(1, 24 * 3600),
  },
  {
    name: 'SLACK_API_URL',
    description: 'Base URL of the Slack Web API the Slack inboxes call (tests point it at a local double).',
    default: 'https://slack.com/api/',
    check: url('http', 'https'),
  },
  {
    name: 'DEMO_SITE_PORT',
    description: 'Port of the demo page `npm run demo` serves on 127.0.0.1 (another origin than the api).',
    default: '3100',
    check: integer(1, 65535),
  },
  {
    name: 'SMTP_PORT',
    description: 'Port of the inbound SMTP listener the api runs on HOST for e-mail inboxes (0 = off).',
    default: '0',
    check: integer(0, 65535),
  },
  {
    name: 'SMTP_MAX_MESSAGE_BYTES',
    description: 'Largest inbound e-mail accepted, over SMTP or the webhook, in bytes.',
    default: '10485760',
    check: integer(1024, 100 * 1024 * 1024),
  },
  {
    name: 'SMTP_OUTBOUND_URL',
    description:
      'Default SMTP relay for e-mail inboxes without their own, and for notices to admins (a disabled webhook), e.g. smtp://user:pass@mail.example.com:587.',
    secret: true,
    check: url('smtp', 'smtps'),
  },
  {
    name: 'EMAIL_DOMAIN',
    description:
      'Domain of the Message-IDs and reply addresses Switchboard writes (reply-to `support+c<token>@domain`).',
    default: 'switchboard.localhost',
    check: nonEmpty,
  },
  {
    name: 'EMAIL_ATTACHMENT_MAX_BYTES',
    description: 'Largest inbound attachment kept, in bytes; larger ones are listed but not stored.',
    default: '5242880',
    check: integer(0, 100 * 1024 * 1024),
  },
  {
    name: 'EMAIL_BOT_ANSWERS_PER_HOUR',
    description: 'Bot answers one e-mail contact may receive per hour; later mail waits for an agent.',
    default: '10',
    check: integer(1, 10_000),
  },
  {
    name: 'ATTACHMENT_MAX_BYTES',
    description: 'Largest file (image or PDF) a widget visitor may attach, in bytes; larger ones are refused with 413.',
    default: '10485760',
    check: integer(1, 100 * 1024 * 1024),
  },
];
