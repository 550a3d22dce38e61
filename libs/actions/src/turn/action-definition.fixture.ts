import { asWorkspaceId } from '@switchboard/database';
import type { ActionDefinitionView } from '../action-definitions.service';

export const FIXTURE_WORKSPACE = asWorkspaceId('6a1f3c2e-9b7d-4e5f-8a1b-2c3d4e5f6a7b');

/** A declared action as the turn sees it; override what the test is about. */
export function actionView(
  overrides: Partial<ActionDefinitionView> & Pick<ActionDefinitionView, 'name'>,
): ActionDefinitionView {
  return {
    id: `id-${overrides.name}`,
    workspaceId: FIXTURE_WORKSPACE,
    description: 'An action.',
    method: 'GET',
    url: 'https://api.example.com/x',
    parameters: { type: 'object', properties: {} },
    identity: [],
    sideEffect: false,
    examples: [],
    headers: {},
    secrets: [],
    channels: null,
    visibility: 'public',
    timeoutMs: 5000,
    maxResponseBytes: 65536,
    answerTemplate: null,
    enabled: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

export const ORDER_STATUS = actionView({
  name: 'order_status',
  description: 'Look up the status of an order by its order number.',
  url: 'https://api.example.com/orders/{order_number}',
  parameters: {
    type: 'object',
    properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$' } },
    required: ['order_number'],
  },
  examples: ['Where is my order NW-10482?', 'What is the status of order NW-20417?'],
});

export const CANCEL_ORDER = actionView({
  name: 'cancel_order',
  description: 'Cancel an order that has not shipped yet.',
  method: 'POST',
  url: 'https://api.example.com/orders/{order_number}/cancel',
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
  examples: ['Please cancel my order NW-10482', 'Cancel order NW-20417'],
});
