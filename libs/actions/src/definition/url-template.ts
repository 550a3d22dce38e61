import { PARAMETER_NAME } from './parameters-schema';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const MARKER = (index: number): string => `sbparam${index}sb`;
export const MAX_URL_LENGTH = 2048;

/** The names of the `{param}` placeholders of a URL template, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

function parseMarked(template: string): URL | null {
  let index = 0;
  try {
    return new URL(template.replace(PLACEHOLDER, () => MARKER(index++)));
  } catch {
    return null;
  }
}

/** The lower-case host a URL template calls (IPv6 without brackets), or null when it is not a URL. */
export function hostOf(template: string): string | null {
  return (
    parseMarked(template)
      ?.hostname.replace(/^\[|\]$/g, '')
      .toLowerCase() ?? null
  );
}

function shapeProblems(template: string, parsed: URL | null): string[] {
  if (template.length > MAX_URL_LENGTH) return [`url is longer than ${MAX_URL_LENGTH} characters`];
  if (!parsed) return ['url must be an absolute URL such as https://api.example.com/orders/{order_number}'];
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return ['url must be an http or https URL'];
  if (parsed.username || parsed.password) return ['url must not carry credentials: put them in headers and secrets'];
  if (parsed.hash) return ['url must not have a #fragment'];
  return [];
}

/**
 * What is wrong with a URL template: it must be an absolute http(s) URL whose `{param}` placeholders sit in the path
 * and name required parameters.
 */
export function urlTemplateProblems(
  template: string,
  parameters: readonly string[],
  required: readonly string[],
): string[] {
  const parsed = parseMarked(template);
  const shape = shapeProblems(template, parsed);
  if (shape.length > 0 || !parsed) return shape;
  const problems: string[] = [];
  placeholdersOf(template).forEach((name, index) => {
    if (!parsed.pathname.includes(MARKER(index))) problems.push(`url placeholder {${name}} must be in the path`);
    else if (!PARAMETER_NAME.test(name) || !parameters.includes(name)) {
      problems.push(`url placeholder {${name}} is not a declared parameter`);
    } else if (!required.includes(name)) problems.push(`url placeholder {${name}} must be a required parameter`);
  });
  return problems;
}

/** The URL with each placeholder replaced by its value, percent-encoded as one path segment. */
export function expandUrlTemplate(template: string, values: Readonly<Record<string, string>>): URL {
  return new URL(template.replace(PLACEHOLDER, (_, name: string) => encodeURIComponent(values[name] ?? '')));
}
