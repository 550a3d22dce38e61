import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { forEachSseEvent } from '../support/sse';
import { createTestEnvironment } from '../support/test-environment';
import { spawnApi, startWorker } from '../support/test-worker';
import { call } from './bench-stack';
import { summary } from './percentiles';

const HELP_CENTRE = join(__dirname, '..', '..', 'examples', 'help-centre');
// What customers of the sample company ask; cycled over the conversations, so popular questions repeat.
const QUESTIONS = [
  'How do I pause my subscription?',
  'How long does a full battery charge take?',
  'What happens if my bike is stolen?',
  'How do I reset my password?',
  'Can I switch to a different model?',
  'When is the support team available?',
  'How do I cancel my subscription?',
  'Which payment methods do you accept?',
  'Where do you deliver?',
  'How often is maintenance included?',
  'How does the referral program work?',
  'Do you have plans for businesses?',
  'Is a helmet included?',
  'How do I download my invoices?',
  'What is the range of the battery?',
  'What should I do if my bike is damaged?',
];

interface Options {
  concurrency: number;
  messagesPerConversation: number;
  /** Mean pause of a visitor between an answer and their next message (reading, typing); 0 sends at once. */
  thinkMs: number;
  /** Extra node flags for the api process, e.g. --cpu-prof to see where its time goes. */
  apiNodeArgs?: string[];
}

interface ConversationResult {
  ttftMs: number[];
  answered: number;
  errors: string[];
}

/** A help-centre article's front-matter title and its Markdown body. */
function helpArticle(markdown: string, file: string): { title: string; body: string } {
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  const title = frontMatter?.[1]?.match(/^title:\s*["']?(.+?)["']?\s*$/m)?.[1] ?? file.replace(/\.md$/, '');
  return { title, body: frontMatter ? markdown.slice(frontMatter[0].length) : markdown };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator (mulberry32), so two runs pause alike. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * One visitor: opens a session and the event stream, then asks one question at a time, each timed from the POST
 * to the first token (or to the bot's message when it has nothing to stream), and waits for the bot's message.
 */
async function converse(
  apiUrl: string,
  inboxKey: string,
  index: number,
  options: Options,
): Promise<ConversationResult> {
  const random = seededRandom(index + 1);
  const result: ConversationResult = { ttftMs: [], answered: 0, errors: [] };
  const base = `${apiUrl}/v1/widget/${inboxKey}`;
  const abort = new AbortController();
  let current: { sentAt: number; firstAt?: number; finish: () => void } | null = null;
  try {
    // Visitors arrive spread over one think time: each opens the widget (session, stream), then asks.
    if (options.thinkMs > 0) await sleep((index / options.concurrency) * options.thinkMs);
    const session = await call<{ visitorToken: string }>(`${base}/session`, { method: 'POST', json: {} });
    const events = await fetch(`${base}/events?token=${encodeURIComponent(session.visitorToken)}`, {
      signal: abort.signal,
    });
    if (!events.ok) throw new Error(`events: ${events.status}`);
    // Tokens can arrive before the POST returns: the answer starts as soon as the message is stored.
    const reading = forEachSseEvent(events, ({ event, data }) => {
      if (!current) return;
      if (event === 'token') current.firstAt ??= performance.now();
      else if (event === 'message' && (JSON.parse(data) as { author?: string }).author === 'bot') {
        const turn = current;
        current = null;
        turn.firstAt ??= performance.now();
        result.ttftMs.push(turn.firstAt - turn.sentAt);
        result.answered += 1;
        turn.finish();
      }
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) result.errors.push(`stream: ${String(error)}`);
    });
    for (let n = 0; n < options.messagesPerConversation; n++) {
      // People pause between messages: reading the answer, typing the next question.
      if (n > 0 && options.thinkMs > 0) await sleep(options.thinkMs * (0.5 + random()));
      const content = QUESTIONS[(index + n * 7) % QUESTIONS.length] ?? QUESTIONS[0];
      let timer: NodeJS.Timeout | undefined;
      const outcome = await new Promise<'answered' | 'failed' | 'timeout'>((resolve) => {
        current = { sentAt: performance.now(), finish: () => resolve('answered') };
        timer = setTimeout(() => resolve('timeout'), 60_000);
        call(`${base}/messages`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${session.visitorToken}` },
          json: { clientMessageId: `bench-${index}-${n}`, content },
        }).catch((error: unknown) => {
          result.errors.push(`send: ${error instanceof Error ? error.message : String(error)}`);
          resolve('failed');
        });
      });
      clearTimeout(timer);
      current = null;
      if (outcome === 'timeout') result.errors.push('no answer within 60 s');
      if (outcome !== 'answered') break;
    }
    abort.abort();
    await reading;
  } catch (error) {
    abort.abort();
    result.errors.push(error instanceof Error ? error.message : String(error));
  }
  return result;
}

export async function benchWidget(options: Options): Promise<Record<string, unknown>> {
  const environment = await createTestEnvironment('bench-widget', {
    EMBEDDING_THREADS: '0',
    // Every visitor of the load test comes from 127.0.0.1.
    WIDGET_RATE_LIMIT_IP: '1000000',
  });
  const port = await freePort();
  const api = spawnApi(environment, port, { LOG_LEVEL: 'warn' }, options.apiNodeArgs ?? []);
  const worker = await startWorker(environment);
  try {
    await api.started;
    const apiUrl = `http://127.0.0.1:${port}`;
    const created = await call<{ apiKey: { key: string } }>(`${apiUrl}/v1/workspaces`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${environment.variables.SWITCHBOARD_ADMIN_TOKEN}` },
      // Every answer goes out, so each message is one streamed answer; handoffs would silence the bot.
      json: { name: 'Widget bench', settings: { confidenceThreshold: 0 } },
    });
    const auth = { Authorization: `Bearer ${created.apiKey.key}` };
    const source = await call<{ id: string }>(`${apiUrl}/v1/knowledge/sources`, {
      method: 'POST',
      headers: auth,
      json: { name: 'Help centre', type: 'text', visibility: 'public' },
    });
    const syncs: string[] = [];
    for (const file of readdirSync(HELP_CENTRE).filter((name) => name.endsWith('.md'))) {
      const { title, body } = helpArticle(readFileSync(join(HELP_CENTRE, file), 'utf8'), file);
      const accepted = await call<{ sync: { id: string } }>(`${apiUrl}/v1/knowledge/sources/${source.id}/documents`, {
        method: 'POST',
        headers: auth,
        json: { id: file.replace(/\.md$/, ''), title, text: body },
      });
      syncs.push(accepted.sync.id);
    }
    // Every document is its own sync; the load starts once all of them are indexed, so it never races ingestion.
    for (const syncId of syncs) {
      for (;;) {
        const sync = await call<{ status: string }>(`${apiUrl}/v1/knowledge/sources/${source.id}/syncs/${syncId}`, {
          headers: auth,
        });
        if (sync.status === 'completed') break;
        if (sync.status === 'failed') throw new Error('ingesting the help centre failed');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const inbox = await call<{ inbox: { publicKey: string } }>(`${apiUrl}/v1/inboxes`, {
      method: 'POST',
      headers: auth,
      json: { name: 'Bench widget', channel: 'widget' },
    });

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: options.concurrency }, (_, index) =>
        converse(apiUrl, inbox.inbox.publicKey, index, options),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const ttft = results.flatMap((result) => result.ttftMs);
    const messages = results.reduce((sum, result) => sum + result.answered, 0);
    const errors = results.flatMap((result) => result.errors);
    return {
      benchmark: 'widget',
      concurrency: options.concurrency,
      conversations: options.concurrency,
      think_ms: options.thinkMs,
      messages,
      messages_per_s: Math.round((messages / seconds) * 10) / 10,
      ttft_ms: summary(ttft),
      errors: errors.length,
      error_samples: [...new Set(errors)].slice(0, 5),
      duration_s: Math.round(seconds * 10) / 10,
    };
  } finally {
    await worker.close();
    api.process.kill('SIGTERM');
    await api.exited;
    await environment.destroy();
  }
}
