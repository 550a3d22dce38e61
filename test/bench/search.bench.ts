import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startApi } from '../support/test-api';
import { createTestEnvironment } from '../support/test-environment';
import { call } from './bench-stack';
import { round, summary } from './percentiles';
import { SearchCorpus, seedSearchCorpus } from './search-seed';

export interface SearchBenchOptions {
  messages: number;
  queries: number;
  /** The whole measurement stops after this long, whatever is left. */
  seconds: number;
  datasets: string;
}

/** A request slower than this counts as a failure, at this latency. */
const TIMEOUT_MS = 2_000;
const LIMIT_P95_MS = 100;
const WARM_UP_QUERIES = 10;
const FILTERS = ['none', 'status', 'channel', 'assignee', 'contact', 'date', 'urgency', 'language'] as const;
type FilterKind = (typeof FILTERS)[number];

interface Timed {
  filter: FilterKind;
  ms: number;
  ok: boolean;
  found: number;
}

/**
 * Seeds a throwaway database with `messages` messages, then asks the console's search `queries` distinct queries, one
 * at a time, with a filter in most, and reports p50/p95 latency over HTTP with failures counted at the timeout.
 */
export async function benchSearch(options: SearchBenchOptions): Promise<Record<string, unknown>> {
  const environment = await createTestEnvironment('bench_search');
  const api = await startApi(environment);
  try {
    const { workspaceId, token } = await signedInWorkspace(api.url, api.config.adminToken ?? '');
    const seedStarted = Date.now();
    const corpus = await seedSearchCorpus(api.app.get(DataSource), {
      workspaceId,
      messages: options.messages,
      datasets: options.datasets,
    });
    const seedSeconds = round((Date.now() - seedStarted) / 1000);
    const queries = distinctQueries(corpus, options.queries + WARM_UP_QUERIES);
    for (const query of queries.slice(0, WARM_UP_QUERIES)) await timedSearch(api.url, token, query);
    const deadline = Date.now() + options.seconds * 1000;
    const timed: Timed[] = [];
    for (const query of queries.slice(WARM_UP_QUERIES)) {
      if (Date.now() > deadline) break;
      timed.push(await timedSearch(api.url, token, query));
    }
    return report(corpus, timed, options, seedSeconds);
  } finally {
    await api.close();
    await environment.destroy();
  }
}

async function signedInWorkspace(url: string, adminToken: string): Promise<{ workspaceId: string; token: string }> {
  const created = await call<{ workspace: { id: string }; apiKey: { key: string } }>(`${url}/v1/workspaces`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` },
    json: { name: 'Search bench' },
  });
  const password = randomBytes(12).toString('hex');
  await call(`${url}/v1/agents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${created.apiKey.key}` },
    json: { email: 'searcher@bench.test', name: 'Searcher', role: 'agent', password },
  });
  const session = await call<{ token: string }>(`${url}/v1/console/login`, {
    method: 'POST',
    json: { email: 'searcher@bench.test', password },
  });
  return { workspaceId: created.workspace.id, token: session.token };
}

interface BenchQuery {
  filter: FilterKind;
  params: Record<string, string>;
}

/**
 * Distinct queries, each 1 to 3 consecutive words (of 4 letters and more) of a customer message, as someone recalls a
 * conversation, with one filter (or none); from a fixed seed.
 */
function distinctQueries(corpus: SearchCorpus, count: number): BenchQuery[] {
  let state = 7;
  const next = (): number => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const seen = new Set<string>();
  const queries: BenchQuery[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 20; attempt++) {
    const words = pick(corpus.samples).match(/\p{L}{4,}/gu) ?? [];
    if (words.length === 0) continue;
    const start = Math.floor(next() * words.length);
    const q = words.slice(start, start + 1 + Math.floor(next() * 3)).join(' ');
    const filter = pick(FILTERS);
    if (seen.has(`${q}|${filter}`)) continue;
    seen.add(`${q}|${filter}`);
    queries.push({ filter, params: { q, ...filterParams(filter, corpus, next, pick) } });
  }
  return queries;
}

function filterParams(
  filter: FilterKind,
  corpus: SearchCorpus,
  next: () => number,
  pick: <T>(values: readonly T[]) => T,
): Record<string, string> {
  switch (filter) {
    case 'none':
      return {};
    case 'status':
      return { status: pick(['bot', 'queued', 'agent', 'resolved']) };
    case 'channel':
      return { channel: pick(['widget', 'email', 'slack']) };
    case 'assignee':
      return { assignee: pick(corpus.agentIds) };
    case 'contact':
      return { contact: pick(corpus.contactIds) };
    case 'date': {
      const span = corpus.span.to.getTime() - corpus.span.from.getTime();
      const from = new Date(corpus.span.from.getTime() + next() * span * 0.75);
      return { from: from.toISOString(), to: new Date(from.getTime() + 90 * 86_400_000).toISOString() };
    }
    case 'urgency':
      return { urgency: pick(['low', 'normal', 'high']) };
    case 'language':
      return { language: pick(['en', 'de', 'es', 'fr', 'pt']) };
  }
}

async function timedSearch(url: string, token: string, query: BenchQuery): Promise<Timed> {
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  try {
    const response = await fetch(`${url}/v1/console/search?${new URLSearchParams(query.params).toString()}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json()) as { total?: number };
    return { filter: query.filter, ms: elapsed(), ok: response.ok, found: body.total ?? 0 };
  } catch {
    return { filter: query.filter, ms: TIMEOUT_MS, ok: false, found: 0 };
  }
}

function report(
  corpus: SearchCorpus,
  timed: Timed[],
  options: SearchBenchOptions,
  seedSeconds: number,
): Record<string, unknown> {
  // A failure counts at the timeout: it is as slow as the client would let it be.
  const latencies = timed.map((run) => (run.ok ? run.ms : TIMEOUT_MS));
  const overall = summary(latencies);
  const byFilter = Object.fromEntries(
    FILTERS.map((filter) => [filter, summary(timed.filter((run) => run.filter === filter).map((run) => run.ms))]),
  );
  return {
    bench: 'search',
    messages: corpus.messages,
    conversations: corpus.conversations,
    seedSeconds,
    queries: timed.length,
    queriesAsked: options.queries,
    failures: timed.filter((run) => !run.ok).length,
    withResults: timed.filter((run) => run.found > 0).length,
    p50Ms: overall.p50,
    p95Ms: overall.p95,
    limitP95Ms: LIMIT_P95_MS,
    p95OverLimit: round(overall.p95 / LIMIT_P95_MS),
    byFilter,
  };
}
