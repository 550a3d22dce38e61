import {
  CHANNEL_TYPES,
  type ActionMethod,
  type ActionRequest,
  type ActionView,
  type ActionVisibility,
  type ChannelType,
} from '@switchboard/contracts';

/** The form's fields, named as the request's, so a server error on `headers.Authorization` lands on `headers`. */
export const ACTION_FORM_FIELDS = [
  'name',
  'description',
  'method',
  'url',
  'parameters',
  'identity',
  'sideEffect',
  'examples',
  'headers',
  'secrets',
  'channels',
  'visibility',
  'timeoutMs',
  'maxResponseBytes',
  'answerTemplate',
  'enabled',
] as const;
export type ActionFormField = (typeof ACTION_FORM_FIELDS)[number];

/** Messages by form field; `form` holds what belongs to no field. */
export type FieldErrors = Partial<Record<ActionFormField | 'form', string[]>>;

/** One secret row: a stored one (`existing`) shows its name only; its value is write-only. */
export interface SecretInput {
  name: string;
  /** Empty keeps a stored secret as it is. */
  value: string;
  existing: boolean;
  remove: boolean;
}

/** What the form holds, as the admin typed it. */
export interface ActionFormValues {
  name: string;
  description: string;
  method: ActionMethod;
  url: string;
  /** The parameters JSON Schema as text. */
  parameters: string;
  /** Parameter names, separated by commas or spaces. */
  identity: string;
  sideEffect: boolean;
  /** One example per line. */
  examples: string;
  /** One `Name: value` per line. */
  headers: string;
  secrets: SecretInput[];
  /** The channels ticked; all of them means every channel, now and later. */
  channels: ChannelType[];
  visibility: ActionVisibility;
  timeoutMs: string;
  maxResponseBytes: string;
  answerTemplate: string;
  enabled: boolean;
}

export const NEW_ACTION_PARAMETERS = JSON.stringify(
  { type: 'object', properties: { order_number: { type: 'string', description: 'e.g. NW-12345' } } },
  null,
  2,
);

/** The form filled from an action, or with the server's defaults for a new one. */
export function formValuesOf(action: ActionView | null): ActionFormValues {
  if (!action) {
    return {
      name: '',
      description: '',
      method: 'GET',
      url: '',
      parameters: NEW_ACTION_PARAMETERS,
      identity: '',
      sideEffect: false,
      examples: '',
      headers: '',
      secrets: [],
      channels: [...CHANNEL_TYPES],
      visibility: 'public',
      timeoutMs: '5000',
      maxResponseBytes: '65536',
      answerTemplate: '',
      enabled: true,
    };
  }
  return {
    name: action.name,
    description: action.description,
    method: action.method,
    url: action.url,
    parameters: JSON.stringify(action.parameters, null, 2),
    identity: action.identity.join(', '),
    sideEffect: action.sideEffect,
    examples: action.examples.join('\n'),
    headers: Object.entries(action.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    secrets: action.secretNames.map((name) => ({ name, value: '', existing: true, remove: false })),
    channels: action.channels === null ? [...CHANNEL_TYPES] : [...action.channels],
    visibility: action.visibility,
    timeoutMs: String(action.timeoutMs),
    maxResponseBytes: String(action.maxResponseBytes),
    answerTemplate: action.answerTemplate ?? '',
    enabled: action.enabled,
  };
}

export type MappedRequest = { ok: true; request: ActionRequest } | { ok: false; errors: FieldErrors };

/**
 * The request the form stands for, or what keeps it from being one (JSON that does not parse, a header line without
 * a colon). Everything else is the server's to check: it answers with the same rules as the admin API.
 */
export function actionRequestOf(values: ActionFormValues): MappedRequest {
  const errors: FieldErrors = {};
  const fail = (field: ActionFormField, message: string): void => {
    (errors[field] ??= []).push(message);
  };
  const parameters = parseParameters(values.parameters, (message) => fail('parameters', message));
  const headers = parseHeaders(values.headers, (message) => fail('headers', message));
  const secrets = secretChanges(values.secrets, (message) => fail('secrets', message));
  const timeoutMs = parseWholeNumber(values.timeoutMs, 'Timeout', (message) => fail('timeoutMs', message));
  const maxResponseBytes = parseWholeNumber(values.maxResponseBytes, 'Response cap', (message) =>
    fail('maxResponseBytes', message),
  );
  if (Object.keys(errors).length > 0 || parameters === null) return { ok: false, errors };
  const request: ActionRequest = {
    name: values.name.trim(),
    description: values.description.trim(),
    method: values.method,
    url: values.url.trim(),
    parameters,
    identity: splitNames(values.identity),
    sideEffect: values.sideEffect,
    examples: lines(values.examples),
    headers,
    channels: channelsOf(values.channels),
    visibility: values.visibility,
    answerTemplate: values.answerTemplate.trim() === '' ? null : values.answerTemplate,
    enabled: values.enabled,
  };
  if (Object.keys(secrets).length > 0) request.secrets = secrets;
  if (timeoutMs !== undefined) request.timeoutMs = timeoutMs;
  if (maxResponseBytes !== undefined) request.maxResponseBytes = maxResponseBytes;
  return { ok: true, request };
}

/** A 400's per-field problems on the form's fields (`headers.Authorization` → headers); the rest on the form. */
export function fieldErrorsOf(body: { errors?: unknown; message?: unknown } | null, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  const problems = Array.isArray(body?.errors) ? (body.errors as unknown[]) : [];
  for (const problem of problems) {
    if (typeof problem !== 'object' || problem === null) continue;
    const { field, messages } = problem as { field?: unknown; messages?: unknown };
    if (typeof field !== 'string' || !Array.isArray(messages)) continue;
    const root = field.split(/[.[]/)[0];
    const target = (ACTION_FORM_FIELDS as readonly string[]).includes(root) ? (root as ActionFormField) : 'form';
    (errors[target] ??= []).push(...messages.filter((message): message is string => typeof message === 'string'));
  }
  if (Object.keys(errors).length === 0) {
    const message = typeof body?.message === 'string' && body.message ? body.message : fallback;
    errors.form = [message];
  }
  return errors;
}

function parseParameters(text: string, fail: (message: string) => void): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`Parameters are not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail('Parameters must be a JSON Schema object, such as {"type": "object", "properties": {…}}.');
    return null;
  }
  return parsed as Record<string, unknown>;
}

function parseHeaders(text: string, fail: (message: string) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      fail(`Line ${index + 1}: write a header as "Name: value".`);
      return;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  });
  return headers;
}

/** Only what changes: a new value, or null to remove; an empty value keeps a stored secret. */
function secretChanges(rows: SecretInput[], fail: (message: string) => void): Record<string, string | null> {
  const secrets: Record<string, string | null> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (row.existing) {
      if (row.remove) secrets[name] = null;
      else if (row.value !== '') secrets[name] = row.value;
      continue;
    }
    if (name === '' && row.value === '') continue;
    if (name === '') fail('Name each new secret.');
    else if (row.value === '') fail(`Enter a value for the secret ${name}.`);
    else secrets[name] = row.value;
  }
  return secrets;
}

/** A whole number, or undefined when left empty (the server's default, or the stored value on a change). */
function parseWholeNumber(text: string, label: string, fail: (message: string) => void): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+$/.test(trimmed)) {
    fail(`${label} must be a whole number.`);
    return undefined;
  }
  return Number(trimmed);
}

function splitNames(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((name) => name !== ''))];
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function channelsOf(ticked: readonly ChannelType[]): ChannelType[] | null {
  if (CHANNEL_TYPES.every((channel) => ticked.includes(channel))) return null;
  return CHANNEL_TYPES.filter((channel) => ticked.includes(channel));
}

/** The host an action calls, for the list; the URL itself when it does not parse. */
export function actionHost(url: string): string {
  try {
    return new URL(url.replace(/\{[^}]*\}/g, 'x')).host;
  } catch {
    return url;
  }
}

export function channelsLabel(channels: readonly ChannelType[] | null): string {
  if (channels === null) return 'All channels';
  if (channels.length === 0) return 'No channel';
  return channels.map(channelLabel).join(', ');
}

export function channelLabel(channel: ChannelType): string {
  switch (channel) {
    case 'widget':
      return 'Widget';
    case 'slack':
      return 'Slack';
    case 'email':
      return 'E-mail';
  }
}

export function visibilityLabel(visibility: ActionVisibility): string {
  return visibility === 'public' ? 'Customers and staff' : 'Staff only';
}
