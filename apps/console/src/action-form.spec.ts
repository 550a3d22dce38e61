import type { ActionView } from '@switchboard/contracts';
import {
  actionHost,
  actionRequestOf,
  channelsLabel,
  fieldErrorsOf,
  formValuesOf,
  type ActionFormValues,
} from './action-form';

const ACTION: ActionView = {
  id: 'a1',
  name: 'order_status',
  description: 'Look up an order.',
  method: 'GET',
  url: 'https://api.northwind.example/orders/{order_number}',
  parameters: { type: 'object', properties: { order_number: { type: 'string' }, email: { type: 'string' } } },
  identity: ['email'],
  sideEffect: true,
  examples: ['Where is NW-12345?', 'Status of my order'],
  headers: { Authorization: 'Bearer {{secrets.TOKEN}}', 'X-Shop': 'north' },
  secretNames: ['TOKEN', 'OLD'],
  channels: ['widget', 'email'],
  visibility: 'internal',
  timeoutMs: 3000,
  maxResponseBytes: 4096,
  answerTemplate: 'Order {{order_number}} is {{status}}.',
  enabled: false,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

function mapped(values: ActionFormValues) {
  const result = actionRequestOf(values);
  if (!result.ok) throw new Error(`expected a request, got ${JSON.stringify(result.errors)}`);
  return result.request;
}

describe('the action form', () => {
  it('fills from an action and maps back to the same definition, secrets left out', () => {
    const request = mapped(formValuesOf(ACTION));
    expect(request).toEqual({
      name: 'order_status',
      description: 'Look up an order.',
      method: 'GET',
      url: ACTION.url,
      parameters: ACTION.parameters,
      identity: ['email'],
      sideEffect: true,
      examples: ['Where is NW-12345?', 'Status of my order'],
      headers: ACTION.headers,
      channels: ['widget', 'email'],
      visibility: 'internal',
      timeoutMs: 3000,
      maxResponseBytes: 4096,
      answerTemplate: 'Order {{order_number}} is {{status}}.',
      enabled: false,
    });
  });

  it('shows stored secrets by name with an empty value, and a new action with the defaults', () => {
    expect(formValuesOf(ACTION).secrets).toEqual([
      { name: 'TOKEN', value: '', existing: true, remove: false },
      { name: 'OLD', value: '', existing: true, remove: false },
    ]);
    const fresh = formValuesOf(null);
    expect(fresh).toMatchObject({ method: 'GET', timeoutMs: '5000', maxResponseBytes: '65536', enabled: true });
    expect(fresh.channels).toEqual(['widget', 'slack', 'email']);
    expect(JSON.parse(fresh.parameters)).toMatchObject({ type: 'object' });
  });

  it('sends a secret only when it changes: a new value replaces, remove sends null, empty keeps, new rows add', () => {
    const values = formValuesOf(ACTION);
    values.secrets = [
      { name: 'TOKEN', value: 'tok_new', existing: true, remove: false },
      { name: 'OLD', value: '', existing: true, remove: true },
      { name: 'KEEP', value: '', existing: true, remove: false },
      { name: ' EXTRA ', value: 's3cret', existing: false, remove: false },
      { name: '', value: '', existing: false, remove: false },
    ];
    expect(mapped(values).secrets).toEqual({ TOKEN: 'tok_new', OLD: null, EXTRA: 's3cret' });
    values.secrets = values.secrets.filter((row) => row.existing).map((row) => ({ ...row, value: '', remove: false }));
    expect(mapped(values)).not.toHaveProperty('secrets');
  });

  it('reads identity, examples, headers, channels and the answer template from their text', () => {
    const values = formValuesOf(null);
    Object.assign(values, {
      identity: 'email, account_id  email',
      examples: '  first \n\n second  \n',
      headers: 'Authorization: Bearer {{secrets.TOKEN}}\n\nX-Url: https://a.example:8443/x\n',
      channels: ['slack'],
      answerTemplate: '   ',
      timeoutMs: '',
    });
    const request = mapped(values);
    expect(request.identity).toEqual(['email', 'account_id']);
    expect(request.examples).toEqual(['first', 'second']);
    expect(request.headers).toEqual({ Authorization: 'Bearer {{secrets.TOKEN}}', 'X-Url': 'https://a.example:8443/x' });
    expect(request.channels).toEqual(['slack']);
    expect(request.answerTemplate).toBeNull();
    expect(request).not.toHaveProperty('timeoutMs');
    expect(mapped({ ...values, channels: ['email', 'widget', 'slack'] }).channels).toBeNull();
  });

  it('refuses, by field, what cannot become a request: bad JSON, a header without a colon, half a secret, a non-number', () => {
    const values = {
      ...formValuesOf(null),
      parameters: '{"type": "object",',
      headers: 'Authorization Bearer x',
      secrets: [
        { name: 'TOKEN', value: '', existing: false, remove: false },
        { name: '', value: 'orphan', existing: false, remove: false },
      ],
      timeoutMs: '2.5s',
    };
    const result = actionRequestOf(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      parameters: [expect.stringMatching(/^Parameters are not valid JSON/)],
      headers: ['Line 1: write a header as "Name: value".'],
      secrets: ['Enter a value for the secret TOKEN.', 'Name each new secret.'],
      timeoutMs: ['Timeout must be a whole number.'],
    });
    const list = actionRequestOf({ ...formValuesOf(null), parameters: '[1, 2]' });
    expect(list).toEqual({ ok: false, errors: { parameters: [expect.stringMatching(/JSON Schema object/)] } });
  });
});

describe("the server's errors on the form", () => {
  it('puts each problem next to its field, nested fields on their root, unknown ones on the form', () => {
    const body = {
      message: 'Invalid action',
      errors: [
        { field: 'name', messages: ['name must match ^[a-z][a-z0-9_]{0,63}$'] },
        { field: 'headers.Authorization', messages: ['header Authorization references secret MISSING'] },
        { field: 'secrets.bad name', messages: ['secret name "bad name" must match'] },
        { field: 'parameters', messages: ['parameters.properties.x.type must be "string"'] },
        { field: 'mystery', messages: ['something else'] },
        'junk',
      ],
    };
    expect(fieldErrorsOf(body, 'fallback')).toEqual({
      name: ['name must match ^[a-z][a-z0-9_]{0,63}$'],
      headers: ['header Authorization references secret MISSING'],
      secrets: ['secret name "bad name" must match'],
      parameters: ['parameters.properties.x.type must be "string"'],
      form: ['something else'],
    });
  });

  it('shows the message of an error without fields, or the fallback', () => {
    expect(fieldErrorsOf({ message: 'The workspace already has an action named "x"' }, 'fallback')).toEqual({
      form: ['The workspace already has an action named "x"'],
    });
    expect(fieldErrorsOf(null, "Couldn't save the action.")).toEqual({ form: ["Couldn't save the action."] });
  });
});

describe('the action list', () => {
  it('names the host an action calls, and its channels', () => {
    expect(actionHost('https://api.northwind.example/orders/{order_number}')).toBe('api.northwind.example');
    expect(actionHost('not a url')).toBe('not a url');
    expect(channelsLabel(null)).toBe('All channels');
    expect(channelsLabel(['widget', 'email'])).toBe('Widget, E-mail');
  });
});
