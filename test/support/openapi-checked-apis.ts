import { OpenApiDocument, OpenApiResponseValidator } from './openapi-response-validator';

/** The api servers a test started, by origin, with the validator of their /openapi.json (loaded on first use). */
const apis = new Map<string, Promise<OpenApiResponseValidator> | null>();

/** Responses from this api are checked against its OpenAPI document from now on (see openapi-response-check.ts). */
export function checkResponsesOf(url: string): void {
  apis.set(new URL(url).origin, null);
}

async function loadValidator(origin: string, load: typeof fetch): Promise<OpenApiResponseValidator> {
  const response = await load(`${origin}/openapi.json`);
  if (!response.ok) throw new Error(`${origin}/openapi.json answered ${response.status}`);
  return new OpenApiResponseValidator((await response.json()) as OpenApiDocument);
}

/** The validator of the api at this URL's origin; null for anything else (doubles, the browser's pages). */
export function validatorFor(url: string, load: typeof fetch): Promise<OpenApiResponseValidator> | null {
  const origin = new URL(url).origin;
  if (!apis.has(origin)) return null;
  let validator = apis.get(origin) ?? null;
  if (!validator) {
    validator = loadValidator(origin, load);
    apis.set(origin, validator);
  }
  return validator;
}
