import type { Schemas } from '@qdrant/js-client-rest';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryCollection, QdrantDoubleRejection, QdrantDoubleUnsupported } from './in-memory-collection';
import { MatchedOperation, QdrantOpenApiValidator } from './qdrant-openapi.validator';

/** One request as the double received it, for tests that inspect what the adapter sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The spec's operationId, or null when the request matched no operation. */
  operationId: string | null;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

interface Reply {
  status: number;
  /** The `result` (or `status.error`) of Qdrant's `{result, status, time}` envelope, or a whole body when not enveloped. */
  body: unknown;
  enveloped: boolean;
  headers?: Record<string, string>;
}

interface Fault {
  status: number;
  remaining: number;
}

const SERVER_VERSION = '1.18.0';

/** The operations the double serves; everything else in the spec is answered 501 and recorded as a violation. */
export const EMULATED_OPERATIONS = [
  'root',
  'get_collections',
  'collection_exists',
  'get_collection',
  'create_collection',
  'delete_collection',
  'create_field_index',
  'upsert_points',
  'get_points',
  'delete_points',
  'count_points',
  'scroll_points',
  'query_points',
  'query_batch_points',
] as const;

function queryFlag(query: URLSearchParams, name: string): boolean {
  return query.get(name) === 'true';
}

/**
 * An in-process stand-in for a Qdrant 1.18 server: the endpoints the adapter uses, data in memory, exact search.
 * Every request is checked against Qdrant's own OpenAPI document; anything the real server's schema would refuse,
 * any operation not in the spec and any feature the double does not emulate lands in `violations`.
 */
export class QdrantDouble {
  /** Spec violations (requests and the double's own responses) and unemulated features: a test asserts it is empty. */
  readonly violations: string[] = [];
  /** Requests answered 4xx the way Qdrant would (unknown collection, wrong dimension...). */
  readonly rejections: string[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Artificial latency added to every response. */
  delayMs = 0;
  private readonly faults: Fault[] = [];
  private readonly collections = new Map<string, InMemoryCollection>();

  private constructor(
    private readonly server: http.Server,
    private readonly validator: QdrantOpenApiValidator,
    readonly url: string,
  ) {}

  static async start(): Promise<QdrantDouble> {
    const validator = QdrantOpenApiValidator.load();
    validator.precompile(EMULATED_OPERATIONS);
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const double = new QdrantDouble(server, validator, `http://127.0.0.1:${port}`);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      double.handle(req, res).catch((error: unknown) => {
        double.violations.push(`${req.method} ${req.url}: the double failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: { error: String(error) }, time: 0 }));
      });
    });
    return double;
  }

  /** The next `times` requests (after validation, before any effect) are answered with `statusCode`. */
  failNext(statusCode: number, times = 1): void {
    this.faults.push({ status: statusCode, remaining: times });
  }

  requestsFor(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Forgets data, logs, violations and pending faults. */
  reset(): void {
    this.collections.clear();
    this.requests.length = 0;
    this.violations.length = 0;
    this.rejections.length = 0;
    this.faults.length = 0;
    this.delayMs = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const label = `${method} ${url.pathname}`;
    const raw = await readBody(req);
    const op = this.validator.match(method, url.pathname);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      operationId: op?.operationId ?? null,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
    };
    this.requests.push(recorded);

    let reply: Reply;
    let body: unknown;
    let parsed = true;
    try {
      body = raw.length === 0 ? undefined : (JSON.parse(raw) as unknown);
    } catch (error) {
      parsed = false;
      body = raw;
      this.violations.push(`${label}: body is not JSON (${(error as Error).message})`);
    }
    recorded.body = body;

    if (!op) {
      this.violations.push(`${label}: no operation of the Qdrant ${this.validator.version} spec matches`);
      reply = errorReply(404, `Not found: ${label}`);
    } else {
      const problems = parsed ? this.validator.validateRequest(op, url.searchParams, body) : [];
      if (problems.length > 0) this.violations.push(...problems.map((p) => `${label} (${op.operationId}): ${p}`));
      const fault = this.faults[0];
      if (!parsed || problems.length > 0) {
        reply = errorReply(400, `Format error in JSON body: ${problems.join('; ') || 'invalid JSON'}`);
      } else if (fault && op.operationId !== 'root') {
        if (--fault.remaining <= 0) this.faults.shift();
        reply = errorReply(fault.status, `Injected fault (${fault.status})`);
        if (fault.status === 429) reply.headers = { 'retry-after': '1' };
      } else {
        reply = this.dispatch(op, url.searchParams, body, label);
      }
    }

    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const time = Number(process.hrtime.bigint() - started) / 1e9;
    const payload = reply.enveloped ? { ...(reply.body as Record<string, unknown>), time } : reply.body;
    if (op) {
      const problems = this.validator.validateResponse(op, reply.status, payload);
      this.violations.push(...problems.map((p) => `${label} (${op.operationId}) double's own ${p}`));
    }
    recorded.status = reply.status;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(payload));
  }

  private dispatch(op: MatchedOperation, query: URLSearchParams, body: unknown, label: string): Reply {
    // Qdrant answers GET / with the bare version object, not an envelope.
    if (op.operationId === 'root') {
      const version: Schemas['VersionInfo'] = {
        title: 'qdrant - vector search engine',
        version: SERVER_VERSION,
        commit: null,
      };
      return { status: 200, body: version, enveloped: false };
    }
    try {
      return { status: 200, body: { result: this.execute(op, query, body), status: 'ok' }, enveloped: true };
    } catch (error) {
      if (error instanceof QdrantDoubleRejection) {
        this.rejections.push(`${label}: ${error.status} ${error.message}`);
        return errorReply(error.status, error.message);
      }
      if (error instanceof QdrantDoubleUnsupported) {
        this.violations.push(`${label}: ${error.message}`);
        return errorReply(501, error.message);
      }
      throw error;
    }
  }

  private execute(op: MatchedOperation, query: URLSearchParams, body: unknown): unknown {
    const name = op.pathParams.collection_name;
    const wait = queryFlag(query, 'wait');
    switch (op.operationId) {
      case 'get_collections':
        return {
          collections: this.collectionNames().map((collection) => ({ name: collection })),
        } satisfies Schemas['CollectionsResponse'];
      case 'collection_exists':
        return { exists: this.collections.has(name) } satisfies Schemas['CollectionExistence'];
      case 'get_collection':
        return this.collection(name).info();
      case 'create_collection': {
        if (this.collections.has(name))
          throw new QdrantDoubleRejection(409, `Wrong input: Collection \`${name}\` already exists!`);
        this.collections.set(name, new InMemoryCollection(name, body ?? {}));
        return true;
      }
      case 'delete_collection':
        return this.collections.delete(name);
      case 'create_field_index': {
        const request = body as Schemas['CreateFieldIndex'];
        // The generated type spells "nullable" as `Record<string, unknown> | null`; the schema check already ran.
        const schema = request.field_schema as Schemas['PayloadFieldSchema'] | null | undefined;
        return this.collection(name).createPayloadIndex(request.field_name, schema, wait);
      }
      case 'upsert_points':
        return this.collection(name).upsert(body as Schemas['PointInsertOperations'], wait);
      case 'get_points':
        return this.collection(name).retrieve(body as Schemas['PointRequest']);
      case 'delete_points':
        return this.collection(name).delete(body as Schemas['PointsSelector'], wait);
      case 'count_points':
        return this.collection(name).count(body as Schemas['CountRequest'] | undefined);
      case 'scroll_points':
        return this.collection(name).scroll(body as Schemas['ScrollRequest'] | undefined);
      case 'query_points':
        return this.collection(name).queryPoints(body ?? {});
      case 'query_batch_points': {
        const collection = this.collection(name);
        return (body as Schemas['QueryRequestBatch']).searches.map((search) => collection.queryPoints(search));
      }
      default:
        throw new QdrantDoubleUnsupported(`the operation ${op.operationId}`);
    }
  }

  private collection(name: string): InMemoryCollection {
    const collection = this.collections.get(name);
    if (!collection) throw new QdrantDoubleRejection(404, `Not found: Collection \`${name}\` doesn't exist!`);
    return collection;
  }
}

function errorReply(status: number, message: string): Reply {
  return { status, body: { status: { error: message } }, enveloped: true };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
