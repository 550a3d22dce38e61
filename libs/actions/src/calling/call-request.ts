import { placeholdersOf, expandUrlTemplate } from '../definition/url-template';
import type { ActionDefinitionView } from '../action-definitions.service';
import type { ArgumentProblem } from '../definition/parameters-schema';
import type { ActionHttpRequest } from './guarded-http';

const SECRET_FIELD = /\{\{\s*secrets\.([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}/g;

/** Path values that URL parsing would turn into a move up the path (`..`, also percent-encoded). */
export function pathValueProblems(definition: ActionDefinitionView, args: Record<string, unknown>): ArgumentProblem[] {
  return placeholdersOf(definition.url)
    .filter((name) => ['.', '..'].includes(String(args[name])))
    .map((parameter) => ({ parameter, message: 'must not be "." or ".."' }));
}

/** The action's headers with `{{secrets.NAME}}` filled in. */
export function headersWithSecrets(
  headers: Record<string, string>,
  secrets: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      value.replace(SECRET_FIELD, (_, secret: string) => secrets[secret] ?? ''),
    ]),
  );
}

/** The HTTP request for validated arguments: path parameters encoded into the URL, the rest as query or JSON body. */
export function buildCallRequest(
  definition: ActionDefinitionView,
  args: Record<string, unknown>,
  secrets: Readonly<Record<string, string>>,
): ActionHttpRequest {
  const inPath = new Set(placeholdersOf(definition.url));
  const pathValues = Object.fromEntries([...inPath].map((name) => [name, String(args[name])]));
  const url = expandUrlTemplate(definition.url, pathValues);
  const rest = Object.fromEntries(Object.entries(args).filter(([name]) => !inPath.has(name)));
  const headers = headersWithSecrets(definition.headers, secrets);
  if (definition.method === 'GET') {
    for (const [name, value] of Object.entries(rest)) url.searchParams.append(name, String(value));
    return { method: 'GET', url, headers, body: null };
  }
  return { method: definition.method, url, headers, body: JSON.stringify(rest) };
}
