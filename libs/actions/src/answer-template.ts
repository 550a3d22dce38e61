const FIELD = /\{\{([^{}]*)\}\}/g;
const FIELD_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_ANSWER_TEMPLATE_CHARS = 2000;

/** A reply rendered from an action's response, with the fields the response did not have. */
export interface RenderedAnswer {
  text: string;
  /** Paths of the fields that were absent or null, rendered as empty. */
  missing: string[];
}

/** What is wrong with an answer template: its `{{...}}` fields must be dotted paths such as `order.status`. */
export function answerTemplateProblems(template: string): string[] {
  if (template.length > MAX_ANSWER_TEMPLATE_CHARS) {
    return [`answerTemplate is longer than ${MAX_ANSWER_TEMPLATE_CHARS} characters`];
  }
  const problems = [...template.matchAll(FIELD)]
    .map((match) => match[1].trim())
    .filter((path) => !FIELD_PATH.test(path))
    .map((path) => `answerTemplate field {{${path}}} must be a dotted path such as order.status`);
  const stray = template.replace(FIELD, '');
  if (stray.includes('{{') || stray.includes('}}')) problems.push('answerTemplate has an unclosed {{ or a stray }}');
  return problems;
}

function lookUp(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? (value as unknown[])[Number(key)] : (value as Record<string, unknown>)[key];
  }
  return value;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.map((item) => (item === null ? '' : String(item))).join(', ');
  }
  return JSON.stringify(value);
}

/** Renders `{{path.to.field}}` from the JSON response; plain text, so nothing is escaped. */
export function renderAnswerTemplate(template: string, response: unknown): RenderedAnswer {
  const missing: string[] = [];
  const text = template.replace(FIELD, (_, field: string) => {
    const path = field.trim();
    const value = lookUp(response, path);
    if (value === undefined || value === null) {
      if (!missing.includes(path)) missing.push(path);
      return '';
    }
    return asText(value);
  });
  return { text, missing };
}
