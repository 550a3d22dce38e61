import request from 'supertest';
import { validatorFor } from './openapi-checked-apis';

/**
 * Runs after the test framework in every e2e file: each response a test gets from an api it started (startApi),
 * through supertest or fetch, is checked against that api's own OpenAPI document. An undocumented status, or a
 * JSON body that does not match the schema documented for its status, fails the request as a failed `.expect()`
 * would. Responses from doubles and pages are not checked.
 */
const originalFetch = globalThis.fetch.bind(globalThis);

interface Received {
  status: number;
  contentType: string | undefined;
  body: unknown;
}

async function problemWith(method: string, url: string, received: Received): Promise<string | null> {
  const validator = validatorFor(url, originalFetch);
  if (!validator) return null;
  const path = new URL(url).pathname;
  return (await validator).problem({ method, path, ...received });
}

// supertest: after the test's own expectations, which speak first.
interface SentTest {
  method: string;
  url: string;
}
interface SupertestResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}
type AssertCallback = (this: unknown, error: Error | null, response?: SupertestResponse) => void;
type Assert = (this: SentTest, resError: unknown, response: SupertestResponse | undefined, fn: AssertCallback) => void;

const testPrototype = (request as unknown as { Test: { prototype: { assert: Assert } } }).Test.prototype;
const assert = testPrototype.assert;

testPrototype.assert = function checkedAssert(this: SentTest, resError, response, fn) {
  assert.call(this, resError, response, (error, received) => {
    if (error || !received) return fn.call(this, error, received);
    const checked = { status: received.status, contentType: received.headers['content-type'], body: received.body };
    problemWith(this.method, this.url, checked).then(
      (problem) => fn.call(this, problem ? new Error(problem) : null, received),
      (failure: unknown) => fn.call(this, failure instanceof Error ? failure : new Error(String(failure)), received),
    );
  });
};

// fetch (event streams, raw bodies): the status always; the body when it is JSON, read from a copy.
globalThis.fetch = async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await originalFetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  // The api's own calls to doubles pass untouched: nothing is read from them.
  if (!validatorFor(url, originalFetch)) return response;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const contentType = response.headers.get('content-type') ?? undefined;
  const body: unknown = /^application\/json\b/.test(contentType ?? '') ? await response.clone().json() : undefined;
  const problem = await problemWith(method, url, { status: response.status, contentType, body });
  if (problem) throw new Error(problem);
  return response;
};
