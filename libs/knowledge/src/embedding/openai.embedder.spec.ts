import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { OpenAiEmbedder } from './openai.embedder';

interface EmbeddingsRequest {
  model: string;
  input: string[];
  encoding_format?: string;
}

interface Recorded {
  at: number;
  authorization: string | undefined;
  body: EmbeddingsRequest;
}

type Reply = (request: EmbeddingsRequest, response: ServerResponse) => void;

/** A minimal OpenAI embeddings API on 127.0.0.1; each request takes the next scripted reply, then `fallback`. */
class FakeEmbeddingsApi {
  readonly requests: Recorded[] = [];
  readonly replies: Reply[] = [];
  private readonly server: Server;

  constructor(private readonly fallback: Reply = FakeEmbeddingsApi.success(4)) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static success(dimension: number, shuffle = false): Reply {
    return (request, response) => {
      const data = request.input.map((text, index) => ({
        object: 'embedding',
        index,
        // Unnormalised on purpose: compatible servers do not all return unit vectors.
        embedding: Array.from({ length: dimension }, (_, d) => (d === 0 ? text.length : d === 1 ? index + 1 : 0)),
      }));
      if (shuffle) data.reverse();
      sendJson(response, 200, {
        object: 'list',
        data,
        model: request.model,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    };
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
      sendJson(response, 404, { error: { message: 'not found' } });
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EmbeddingsRequest;
    this.requests.push({ at: Date.now(), authorization: request.headers.authorization, body });
    (this.replies.shift() ?? this.fallback)(body, response);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

describe('OpenAiEmbedder', () => {
  let api: FakeEmbeddingsApi;

  beforeEach(async () => {
    api = new FakeEmbeddingsApi();
    await api.start();
  });

  afterEach(async () => {
    await api.stop();
  });

  function embedder(options: { dimension?: number; maxRetries?: number; batchSize?: number } = {}): OpenAiEmbedder {
    return new OpenAiEmbedder({ apiKey: 'sk-test', baseUrl: api.baseUrl, model: 'text-embedding-3-small', ...options });
  }

  it('returns unit vectors in input order and discovers the dimension from the first response', async () => {
    api.replies.push(FakeEmbeddingsApi.success(4, true));
    const subject = embedder();

    expect(() => subject.dimension).toThrow(/unknown until the first embed/);
    const vectors = await subject.embed(['abc', 'a']);

    expect(subject.model).toBe('openai/text-embedding-3-small');
    expect(subject.dimension).toBe(4);
    expect(vectors[0]).toEqual([3 / Math.hypot(3, 1), 1 / Math.hypot(3, 1), 0, 0]);
    expect(vectors[1]).toEqual([1 / Math.hypot(1, 2), 2 / Math.hypot(1, 2), 0, 0]);
    expect(api.requests[0]).toMatchObject({
      authorization: 'Bearer sk-test',
      body: { model: 'text-embedding-3-small', input: ['abc', 'a'], encoding_format: 'float' },
    });
  });

  it('splits large inputs into batches of at most 256', async () => {
    const texts = Array.from({ length: 600 }, (_, i) => `passage ${i}`);

    const vectors = await embedder().embed(texts);

    expect(api.requests.map((request) => request.body.input.length)).toEqual([256, 256, 88]);
    expect(vectors).toHaveLength(600);
    expect(vectors[599][0]).toBeCloseTo('passage 599'.length / Math.hypot('passage 599'.length, 89));
  });

  it('rejects a response whose dimension differs from the configured one', async () => {
    await expect(embedder({ dimension: 8 }).embed(['x'])).rejects.toThrow(/returned 4 dimensions, expected 8/);
  });

  it('sends a blank text as a space, since the API rejects empty input', async () => {
    await embedder().embed(['', 'x']);
    expect(api.requests[0].body.input).toEqual([' ', 'x']);
  });

  it('retries a 429 after the Retry-After delay, then succeeds', async () => {
    api.replies.push((_request, response) =>
      sendJson(response, 429, { error: { message: 'rate limited', type: 'requests' } }, { 'retry-after': '1' }),
    );

    const vectors = await embedder({ maxRetries: 2 }).embed(['hello']);

    expect(vectors).toHaveLength(1);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1].at - api.requests[0].at).toBeGreaterThanOrEqual(900);
  });

  it('surfaces a persistent 500 as an error once retries are exhausted', async () => {
    const failing: Reply = (_request, response) => sendJson(response, 500, { error: { message: 'upstream exploded' } });
    api.replies.push(failing, failing, failing);

    await expect(embedder({ maxRetries: 1 }).embed(['hello'])).rejects.toThrow(
      /openai\/text-embedding-3-small failed: 500 upstream exploded/,
    );
    expect(api.requests).toHaveLength(2);
  });

  it('refuses to embed after close()', async () => {
    const subject = embedder();
    await subject.close();
    await expect(subject.embed(['x'])).rejects.toThrow(/after close/);
  });
});
