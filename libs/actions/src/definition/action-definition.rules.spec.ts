import { ActionDefinitionFields, definitionProblems, secretProblems } from './action-definition.rules';

const CANCEL: ActionDefinitionFields = {
  name: 'cancel_order',
  description: 'Cancel an order that has not shipped.',
  method: 'POST',
  url: 'https://api.northwind.example/orders/{order_number}/cancel',
  parameters: {
    type: 'object',
    properties: {
      order_number: { type: 'string', pattern: '^NW-\\d{5}$' },
      customer_email: { type: 'string', format: 'email' },
    },
    required: ['order_number', 'customer_email'],
  },
  identity: ['customer_email'],
  sideEffect: true,
  examples: ['Please cancel order NW-12345.'],
  headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}', 'X-Shop': 'northwind' },
  channels: null,
  visibility: 'public',
  timeoutMs: 5000,
  maxResponseBytes: 65536,
  answerTemplate: 'Order {{order_number}} is now {{status}}.',
  enabled: true,
};
const CONTEXT = { actionHosts: ['api.northwind.example'], secretNames: ['API_TOKEN'] };

describe('definitionProblems', () => {
  it('accepts a complete definition on an allowed host', () => {
    expect(definitionProblems(CANCEL, CONTEXT)).toEqual([]);
  });

  it('refuses a host that is not on the workspace allow-list', () => {
    expect(definitionProblems(CANCEL, { ...CONTEXT, actionHosts: [] })).toEqual([
      {
        field: 'url',
        message: "url host api.northwind.example is not one of the workspace's action hosts (settings.actionHosts)",
      },
    ]);
  });

  it('refuses identity parameters that are not declared, and headers referencing missing or non-secret fields', () => {
    const problems = definitionProblems(
      {
        ...CANCEL,
        identity: ['email'],
        headers: { Authorization: 'Bearer {{secrets.TOKEN}}', 'X-Id': '{{customer_email}}' },
      },
      CONTEXT,
    );
    expect(problems).toEqual([
      { field: 'identity', message: 'identity parameter email is not a declared parameter' },
      { field: 'headers.Authorization', message: 'header Authorization references secret TOKEN, which is not set' },
      { field: 'headers.X-Id', message: 'header X-Id may only reference secrets, as {{secrets.NAME}}' },
    ]);
  });

  it('refuses reserved headers, bad names, bounds and templates, each naming its field', () => {
    const problems = definitionProblems(
      {
        ...CANCEL,
        name: 'Cancel Order',
        headers: { Host: 'evil.example' },
        timeoutMs: 60_000,
        maxResponseBytes: 10,
        answerTemplate: '{{status',
      },
      CONTEXT,
    );
    expect(problems.map((problem) => problem.field)).toEqual([
      'name',
      'timeoutMs',
      'maxResponseBytes',
      'headers.Host',
      'answerTemplate',
    ]);
  });

  it('checks the URL only once the parameters schema is valid', () => {
    const problems = definitionProblems({ ...CANCEL, parameters: { type: 'object' } as never }, CONTEXT);
    expect(problems).toEqual([{ field: 'parameters', message: "parameters must have required property 'properties'" }]);
  });
});

describe('secretProblems', () => {
  it('refuses bad names and empty or huge values; null (removal) is fine', () => {
    expect(secretProblems({ API_TOKEN: 'x', OLD: null })).toEqual([]);
    expect(secretProblems({ 'api-token': 'x', EMPTY: '', HUGE: 'x'.repeat(5000) }).map((p) => p.field)).toEqual([
      'secrets.api-token',
      'secrets.EMPTY',
      'secrets.HUGE',
    ]);
  });
});
