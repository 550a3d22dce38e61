export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string };
  database: { url: string; migrationsRun: boolean };
  redis: { url: string };
  dataDir: string;
  vectorStore: { kind: 'lancedb' } | { kind: 'qdrant'; url: string; apiKey?: string };
  llm:
    | { kind: 'offline'; model: string; smallModel: string }
    | {
        kind: 'openai';
        apiKey: string;
        baseUrl?: string;
        model: string;
        smallModel: string;
        secondary?: { apiKey: string; baseUrl?: string; model: string; smallModel: string };
        timeoutMs: number;
        retriesPerProvider: number;
        deadlineMs: number;
      };
  answers: { allowedLinkDomains: string[] };
  knowledge: {
    embedder: { kind: 'local'; threads: number } | { kind: 'openai'; apiKey: string; baseUrl?: string; model: string };
    uploadMaxBytes: number;
    importMaxBytes: number;
    crawl: { allowPrivateNetworks: boolean; maxPages: number; sitemapMaxUrls: number };
  };
  actions: {
    /** AES-256-GCM key of action secrets at rest, as 64 hex digits. */
    secretsKey: string;
    /** The crawler's CRAWL_ALLOW_PRIVATE_NETWORKS: declared action hosts may be private (tests, development). */
    allowPrivateNetworks: boolean;
  };
  webhooks: {
    retryBaseMs: number;
    disableAfterFailures: number;
    disableFailingForMs: number;
    sweepIntervalMs: number;
    /** The crawler's CRAWL_ALLOW_PRIVATE_NETWORKS: webhook URLs may be private (tests, development). */
    allowPrivateNetworks: boolean;
  };
  /** Customer ratings: how long after being asked a customer can rate, and change the rating. */
  csat: {
    windowDays: number;
    /** 0: bot conversations end only by End chat. */
    idleMinutes: number;
    idleSweepIntervalMs: number;
  };
  privacy: { retentionIntervalMs: number; retentionBatchSize: number };
  queue: { prefix: string; ingestConcurrency: number; lockDurationMs: number };
  adminToken?: string;
  log: { level: string };
  widget: {
    maxMessageChars: number;
    rateLimitPerVisitor: number;
    rateLimitPerIp: number;
    /** ATTACHMENT_MAX_BYTES: the largest file a visitor may attach. */
    attachmentMaxBytes: number;
    visitorToken: { ttlSeconds: number; renewalGraceSeconds: number };
  };
  console: {
    sessionTtlHours: number;
    loginMaxAttempts: number;
    /** The per-e-mail progressive delay, from any IP. */
    loginEmailThrottle: { freeAttempts: number; baseDelaySeconds: number; maxDelaySeconds: number };
  };
  demo: { sitePort: number };
  /** Base URL of the Slack Web API, ending in a slash. */
  slack: { apiUrl: string };
  email: {
    /** Inbound SMTP listener port; 0 = off. */
    smtpPort: number;
    maxMessageBytes: number;
    outboundUrl?: string;
    domain: string;
    attachmentMaxBytes: number;
    botAnswersPerHour: number;
  };
  outbox: { pollIntervalMs: number; batchSize: number };
  fineTuning: { pollIntervalMs: number };
  workerMetrics: { host: string; port: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
