import request from 'supertest';
import { OpenApiDocument, OpenApiResponseValidator } from './openapi-response-validator';

/**
 * Runs after the test framework in every e2e file: each response a test gets through supertest is checked against
 * the OpenAPI document of the server that sent it (loaded once per server from /openapi.json). An undocumented
 * status or a body that does not match its schema fails the request, as a failed `.expect()` would.
 */
const validators = new Map<string, Promise<OpenApiResponseValidator | null>>();

async function loadValidator(origin: string): Promise<OpenApiResponseValidator | null> {
  try {
    const response = await fetch(`${origin}/openapi.json`);
    if (!response.ok) return null;
    const document = (await response.json()) as Partial<OpenApiDocument>;
    return document.openapi && document.paths ? new OpenApiResponseValidator(document as OpenApiDocument) : null;
  } catch {
    // Not an api server (a double, a closed server): nothing to check against.
    return null;
  }
}

function validatorFor(origin: string): Promise<OpenApiResponseValidator | null> {
  let validator = validators.get(origin);
  if (!validator) {
    validator = loadValidator(origin);
    validators.set(origin, validator);
  }
  return validator;
}

interface SentTest {
  method: string;
  url: string;
}

interface ReceivedResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

type AssertCallback = (this: unknown, error: Error | null, response?: ReceivedResponse) => void;
type Assert = (this: SentTest, resError: unknown, response: ReceivedResponse | undefined, fn: AssertCallback) => void;

async function responseProblem(test: SentTest, response: ReceivedResponse): Promise<string | null> {
  const url = new URL(test.url);
  const validator = await validatorFor(url.origin);
  return (
    validator?.problem({
      method: test.method,
      path: url.pathname,
      status: response.status,
      contentType: response.headers['content-type'],
      body: response.body,
    }) ?? null
  );
}

const prototype = (request as unknown as { Test: { prototype: { assert: Assert } } }).Test.prototype;
const assert = prototype.assert;

prototype.assert = function checkedAssert(this: SentTest, resError, response, fn) {
  assert.call(this, resError, response, (error, received) => {
    // The test's own expectations speak first; a response that never came has nothing to check.
    if (error || !received) return fn.call(this, error, received);
    responseProblem(this, received).then(
      (problem) => fn.call(this, problem ? new Error(problem) : null, received),
      (failure: unknown) => fn.call(this, failure instanceof Error ? failure : new Error(String(failure)), received),
    );
  });
};
