import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NorthwindApi,
  NorthwindData,
  createNorthwindBackend,
  northwindDataProblems,
  startNorthwindApi,
  withBookingWindowAfter,
} from '../../examples/northwind-api/server';

const ROOT = join(__dirname, '../..');
// The eval's data set sits beside the repository (../shared), the demo's own data in the project.
const DATA_SETS: Array<[string, string]> = [
  ['the actions dataset (mock-api.json)', join(ROOT, '../shared/datasets/actions/mock-api.json')],
  ['the demo data (demo-data.json)', join(ROOT, 'examples/northwind-api/demo-data.json')],
];

const load = (file: string): NorthwindData => JSON.parse(readFileSync(file, 'utf8')) as NorthwindData;

describe.each(DATA_SETS)('the Northwind API over %s', (_name, file) => {
  const data = load(file);
  const cancellable = data.orders.find((o) => data.cancellable_statuses.includes(o.status))!;
  const settled = data.orders.find((o) => !data.cancellable_statuses.includes(o.status))!;
  const area = data.areas[0];
  const booking = data.visit_booking;
  let api: NorthwindApi;

  beforeAll(async () => {
    api = await startNorthwindApi({ data });
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('is servable data with a cancellable and a settled order', () => {
    expect(northwindDataProblems(data)).toEqual([]);
    expect(cancellable).toBeDefined();
    expect(settled).toBeDefined();
  });

  it('listens on 127.0.0.1 on a free port', () => {
    expect(api.host).toBe('127.0.0.1');
    expect(api.url).toBe(`http://127.0.0.1:${api.port}`);
    expect(api.port).toBeGreaterThan(0);
  });

  it('returns every order without its customer_email, and 404 for an unknown number', async () => {
    for (const order of data.orders) {
      const { customer_email: _email, ...visible } = order;
      expect(await call('GET', `/orders/${order.order_number}`)).toEqual({ status: 200, body: visible });
    }
    expect(await call('GET', '/orders/NW-00000')).toEqual({ status: 404, body: { error: 'not_found' } });
  });

  it('cancels a cancellable order for its owner, whatever the case of the e-mail, and says so afterwards', async () => {
    const owner = cancellable.customer_email.toUpperCase();
    const cancelled = await call('POST', `/orders/${cancellable.order_number}/cancel`, { customer_email: owner });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ order_number: cancellable.order_number, status: 'cancelled' });
    expect(cancelled.body).not.toHaveProperty('customer_email');
    expect((await call('GET', `/orders/${cancellable.order_number}`)).body.status).toBe('cancelled');
    expect(api.requests.map((r) => [r.method, r.status, r.sideEffect])).toEqual([
      ['POST', 200, true],
      ['GET', 200, false],
    ]);
  });

  it("refuses someone else's e-mail with 403 and changes nothing", async () => {
    const path = `/orders/${cancellable.order_number}/cancel`;
    expect(await call('POST', path, { customer_email: 'someone.else@example.com' })).toEqual({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect(await call('POST', path, {})).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect((await call('GET', `/orders/${cancellable.order_number}`)).body.status).toBe(cancellable.status);
    expect(api.requests.some((r) => r.sideEffect)).toBe(false);
  });

  it('answers 409 with the current status for an order past cancelling, and 404 for an unknown one', async () => {
    const refused = await call('POST', `/orders/${settled.order_number}/cancel`, {
      customer_email: settled.customer_email,
    });
    expect(refused).toEqual({ status: 409, body: { error: 'not_cancellable', status: settled.status } });
    expect(await call('POST', '/orders/NW-00000/cancel', { customer_email: 'a@example.com' })).toEqual({
      status: 404,
      body: { error: 'not_found' },
    });
  });

  it('books a visit on the first bookable day with the visit id and slot', async () => {
    const date = firstWeekdayFrom(booking.first_bookable_date);
    const visit = await call('POST', '/visits', { area: area.area, date, customer_email: 'a@example.com' });
    expect(visit).toEqual({
      status: 201,
      body: {
        visit_id: `V-${area.code}-${date.slice(5, 7)}${date.slice(8, 10)}`,
        area: area.area,
        date,
        slot: booking.slot,
        status: 'booked',
      },
    });
    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: '/visits',
        query: {},
        body: { area: area.area, date, customer_email: 'a@example.com' },
        status: 201,
        sideEffect: true,
      },
    ]);
  });

  it('refuses an unknown area, a Sunday, a day outside the window and a non-date with 422', async () => {
    const date = firstWeekdayFrom(booking.first_bookable_date);
    const visit = (body: object) => call('POST', '/visits', { customer_email: 'a@example.com', ...body });
    expect(await visit({ area: 'atlantis', date })).toEqual({ status: 422, body: { error: 'invalid_area' } });
    const unavailable = { status: 422, body: { error: 'date_not_available' } };
    expect(await visit({ area: area.area, date: sundayFrom(booking.first_bookable_date) })).toEqual(unavailable);
    expect(await visit({ area: area.area, date: addDays(booking.first_bookable_date, -1) })).toEqual(unavailable);
    expect(await visit({ area: area.area, date: addDays(booking.last_bookable_date, 1) })).toEqual(unavailable);
    expect(await visit({ area: area.area, date: '2027-02-30' })).toEqual(unavailable);
    expect(await visit({ area: area.area, date: 'tomorrow' })).toEqual(unavailable);
    expect(api.requests.every((r) => r.status === 422 && !r.sideEffect)).toBe(true);
  });

  it('returns bikes and model availability, and 404 for unknown ones', async () => {
    for (const bike of data.bikes)
      expect(await call('GET', `/bikes/${bike.frame_number}`)).toEqual({ status: 200, body: bike });
    for (const model of data.models) {
      expect(await call('GET', `/models/${model.model}/availability`)).toEqual({ status: 200, body: model });
    }
    expect(await call('GET', '/bikes/WB00000000')).toEqual({ status: 404, body: { error: 'not_found' } });
    expect((await call('GET', '/models/unicycle/availability')).status).toBe(404);
  });

  it('reset brings back the initial data and empties the request log', async () => {
    await call('POST', `/orders/${cancellable.order_number}/cancel`, { customer_email: cancellable.customer_email });
    api.reset();
    expect(api.requests).toEqual([]);
    expect((await call('GET', `/orders/${cancellable.order_number}`)).body.status).toBe(cancellable.status);
  });
});

describe('the Northwind backend', () => {
  const data = load(DATA_SETS[1][1]);

  it('logs the path and the query apart, and answers as without the query', () => {
    const backend = createNorthwindBackend(data);
    const order = data.orders[0];
    expect(backend.handle('GET', `/orders/${order.order_number}?verbose=1`, null).status).toBe(200);
    expect(backend.requests[0]).toMatchObject({
      path: `/orders/${order.order_number}`,
      query: { verbose: '1' },
      body: null,
    });
  });

  it('answers 405 for a known path with the wrong method and 404 for an unknown path', () => {
    const backend = createNorthwindBackend(data);
    expect(backend.handle('DELETE', `/orders/${data.orders[0].order_number}`, null).status).toBe(405);
    expect(backend.handle('GET', '/visits', null).status).toBe(405);
    expect(backend.handle('GET', '/customers', null)).toEqual({
      status: 404,
      body: { error: 'not_found' },
      sideEffect: false,
    });
  });

  it('keeps its initial data apart from the object it was given', () => {
    const given = structuredClone(data);
    const backend = createNorthwindBackend(given);
    const order = given.orders.find((o) => given.cancellable_statuses.includes(o.status))!;
    backend.handle('POST', `/orders/${order.order_number}/cancel`, { customer_email: order.customer_email });
    expect(given.orders.find((o) => o.order_number === order.order_number)!.status).toBe(order.status);
    expect(backend.data.orders.find((o) => o.order_number === order.order_number)!.status).toBe('cancelled');
  });

  it('refuses data without the arrays and booking window it serves', () => {
    expect(northwindDataProblems([])).toEqual(['the data must be a JSON object']);
    expect(northwindDataProblems({ ...data, orders: undefined, visit_booking: { slot: 1 } })).toEqual([
      '"orders" must be an array',
      '"visit_booking.first_bookable_date" must be a YYYY-MM-DD date',
      '"visit_booking.last_bookable_date" must be a YYYY-MM-DD date',
      '"visit_booking.slot" must be a string',
    ]);
    expect(() => createNorthwindBackend({ ...data, areas: 'none' } as unknown as NorthwindData)).toThrow(
      /"areas" must be an array/,
    );
  });

  it('moves the booking window to start the day after a given day', () => {
    const moved = withBookingWindowAfter(data, '2026-12-31', 30);
    expect(moved.visit_booking).toMatchObject({ first_bookable_date: '2027-01-01', last_bookable_date: '2027-01-30' });
    expect(moved.visit_booking.slot).toBe(data.visit_booking.slot);
    expect(data.visit_booking.first_bookable_date).not.toBe('2027-01-01');
    expect(() => withBookingWindowAfter(data, 'today')).toThrow(/YYYY-MM-DD/);
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function firstWeekdayFrom(date: string): string {
  return weekday(date) === 0 ? addDays(date, 1) : date;
}

function sundayFrom(date: string): string {
  return addDays(date, (7 - weekday(date)) % 7);
}
