import request from 'supertest';
import { TestApi } from './test-api';

const ORDER_NUMBER = { type: 'string', pattern: '^NW-\\d{5}$', description: 'The order number' };

/** The actions of the shop behind MockBusinessApi (its origin), as a support lead would declare them. */
export function shopActions(origin: string): Array<Record<string, unknown>> {
  return [
    {
      name: 'order_status',
      description: 'Look up the delivery status of an order by its order number.',
      method: 'GET',
      url: `${origin}/orders/{order_number}`,
      parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
      examples: ['Where is my order NW-10482?'],
    },
    {
      name: 'cancel_order',
      description: 'Cancel an order that has not shipped yet.',
      method: 'POST',
      url: `${origin}/orders/{order_number}/cancel`,
      parameters: {
        type: 'object',
        properties: { order_number: ORDER_NUMBER, customer_email: { type: 'string', format: 'email' } },
        required: ['order_number', 'customer_email'],
        additionalProperties: false,
      },
      identity: 'customer_email',
      sideEffect: true,
      examples: ['Please cancel my order NW-10482'],
    },
    {
      name: 'restart_device',
      description: 'Restart a customer device remotely by its device id.',
      method: 'POST',
      url: `${origin}/devices/{device_id}/restart`,
      parameters: {
        type: 'object',
        properties: { device_id: { type: 'string', pattern: '^DEV-\\d{4}$', description: 'The device id' } },
        required: ['device_id'],
        additionalProperties: false,
      },
      sideEffect: true,
      examples: ['Please restart device DEV-1234'],
    },
  ];
}

/** Lets the workspace's actions reach this machine and declares them through the admin API. */
export async function declareActions(
  api: TestApi,
  auth: string,
  actions: Array<Record<string, unknown>>,
): Promise<void> {
  await request(api.url)
    .patch('/v1/workspace/settings')
    .set('Authorization', auth)
    .send({ actionHosts: ['127.0.0.1'] })
    .expect(200);
  for (const action of actions) {
    await request(api.url).post('/v1/actions').set('Authorization', auth).send(action).expect(201);
  }
}
