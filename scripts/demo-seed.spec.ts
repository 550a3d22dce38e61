import { renderAnswerTemplate } from '@switchboard/actions';
import { createNorthwindBackend, NorthwindData, NorthwindReply } from '../examples/northwind-api/server';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the demo seeding is plain CommonJS
const { demoActions } = require('./demo-seed') as {
  demoActions(baseUrl: string): Array<{
    name: string;
    method: string;
    url: string;
    identity?: string[];
    sideEffect: boolean;
    answerTemplate: string;
  }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON data of the plain-JS demo
const data = require('../examples/northwind-api/demo-data.json') as NorthwindData & { demo_customer_email: string };

const BASE = 'http://127.0.0.1:4100';
const actions = demoActions(BASE);
const templateOf = (name: string) => actions.find((action) => action.name === name)!.answerTemplate;

describe("the demo's actions", () => {
  it('are the five Northwind actions on the orders API, the two side effects bound to the verified customer', () => {
    expect(
      actions.map(({ name, method, url, identity, sideEffect }) => ({ name, method, url, identity, sideEffect })),
    ).toEqual([
      {
        name: 'order_status',
        method: 'GET',
        url: `${BASE}/orders/{order_number}`,
        identity: undefined,
        sideEffect: false,
      },
      {
        name: 'cancel_order',
        method: 'POST',
        url: `${BASE}/orders/{order_number}/cancel`,
        identity: ['customer_email'],
        sideEffect: true,
      },
      { name: 'book_repair', method: 'POST', url: `${BASE}/visits`, identity: ['customer_email'], sideEffect: true },
      {
        name: 'bike_details',
        method: 'GET',
        url: `${BASE}/bikes/{frame_number}`,
        identity: undefined,
        sideEffect: false,
      },
      {
        name: 'model_availability',
        method: 'GET',
        url: `${BASE}/models/{model}/availability`,
        identity: undefined,
        sideEffect: false,
      },
    ]);
  });

  it("answer every look-up of the demo data with all their template's fields filled", () => {
    const backend = createNorthwindBackend(data);
    const lookUp = (action: string, path: string): [string, NorthwindReply] => [
      templateOf(action),
      backend.handle('GET', path, null),
    ];
    const rendered = [
      ...data.orders.map((o) => lookUp('order_status', `/orders/${o.order_number}`)),
      ...data.bikes.map((b) => lookUp('bike_details', `/bikes/${b.frame_number}`)),
      ...data.models.map((m) => lookUp('model_availability', `/models/${m.model}/availability`)),
    ];
    for (const [template, reply] of rendered) {
      expect(reply.status).toBe(200);
      expect(renderAnswerTemplate(template, reply.body).missing).toEqual([]);
    }
  });

  it("confirm the demo customer's cancellation and a booked visit with every field filled", () => {
    const backend = createNorthwindBackend(data);
    const mine = data.orders.find(
      (o) => o.customer_email === data.demo_customer_email && data.cancellable_statuses.includes(o.status),
    )!;
    const cancelled = backend.handle('POST', `/orders/${mine.order_number}/cancel`, {
      customer_email: data.demo_customer_email,
    });
    expect(renderAnswerTemplate(templateOf('cancel_order'), cancelled.body)).toEqual({
      text: `Done: order ${mine.order_number} is now cancelled.`,
      missing: [],
    });
    const visit = backend.handle('POST', '/visits', {
      area: 'denver',
      date: data.visit_booking.first_bookable_date,
      customer_email: data.demo_customer_email,
    });
    expect(visit.status).toBe(201);
    expect(renderAnswerTemplate(templateOf('book_repair'), visit.body).missing).toEqual([]);
  });
});
