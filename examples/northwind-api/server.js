// The Northwind Bikes orders and repairs API: a small HTTP server (node:http, no dependencies) that serves a data
// object shaped like ../shared/datasets/actions/mock-api.json. `npm run demo` runs it with demo-data.json as the
// business's API its actions call; the actions eval (`npm run eval:actions`) runs it with a dataset's mock-api.json.
// Behaviour (mock-api.json → endpoints):
//   GET  /orders/{n}                   200 the order without customer_email | 404 {error: not_found}
//   POST /orders/{n}/cancel            {customer_email}: 404 | 403 {error: forbidden} (e-mail differs, case-insensitive)
//                                      | 409 {error: not_cancellable, status} | 200 the cancelled order
//   POST /visits                       {area, date, customer_email}: 422 {error: invalid_area | date_not_available}
//                                      | 201 {visit_id, area, date, slot, status: booked}
//   GET  /bikes/{frame}                200 the bike | 404
//   GET  /models/{model}/availability  200 the model | 404
'use strict';
const http = require('node:http');

const MAX_BODY_BYTES = 64 * 1024;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATA_ARRAYS = ['orders', 'bikes', 'models', 'areas', 'cancellable_statuses'];

/**
 * The problems of a data object, [] when it can be served: the arrays and the visit-booking window it needs.
 * @param {unknown} data
 * @returns {string[]}
 */
function northwindDataProblems(data) {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['the data must be a JSON object'];
  const problems = DATA_ARRAYS.filter((key) => !Array.isArray(data[key])).map((key) => `"${key}" must be an array`);
  const booking = data.visit_booking;
  if (typeof booking !== 'object' || booking === null) problems.push('"visit_booking" must be an object');
  else {
    for (const key of ['first_bookable_date', 'last_bookable_date']) {
      if (!ISO_DATE.test(String(booking[key]))) problems.push(`"visit_booking.${key}" must be a YYYY-MM-DD date`);
    }
    if (typeof booking.slot !== 'string') problems.push('"visit_booking.slot" must be a string');
  }
  return problems;
}

function withoutEmail(order) {
  const { customer_email: _hidden, ...visible } = order;
  return visible;
}

function sameEmail(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A real calendar date in YYYY-MM-DD form, as a UTC Date; null otherwise. */
function calendarDate(value) {
  const match = ISO_DATE.exec(typeof value === 'string' ? value : '');
  if (!match) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

const reply = (status, body, sideEffect = false) => ({ status, body, sideEffect });
const NOT_FOUND = () => reply(404, { error: 'not_found' });

/**
 * The API's behaviour over a copy of `initialData`, without HTTP: `handle` answers one request and logs it.
 * @param {object} initialData  shaped like mock-api.json
 */
function createNorthwindBackend(initialData) {
  const problems = northwindDataProblems(initialData);
  if (problems.length > 0) throw new Error(`Northwind API data: ${problems.join('; ')}`);
  const initial = structuredClone(initialData);
  let data = structuredClone(initial);
  const requests = [];

  const order = (number) => data.orders.find((o) => o.order_number === number);

  function cancel(number, body) {
    const found = order(number);
    if (!found) return NOT_FOUND();
    if (!sameEmail(body.customer_email, found.customer_email)) return reply(403, { error: 'forbidden' });
    if (!data.cancellable_statuses.includes(found.status)) {
      return reply(409, { error: 'not_cancellable', status: found.status });
    }
    found.status = 'cancelled';
    return reply(200, withoutEmail(found), true);
  }

  function bookVisit(body) {
    const area = data.areas.find((a) => a.area === body.area);
    if (!area) return reply(422, { error: 'invalid_area' });
    const booking = data.visit_booking;
    const date = calendarDate(body.date);
    const bookable =
      date !== null &&
      date.getUTCDay() !== 0 &&
      body.date >= booking.first_bookable_date &&
      body.date <= booking.last_bookable_date;
    if (!bookable) return reply(422, { error: 'date_not_available' });
    const visitId = `V-${area.code}-${body.date.slice(5, 7)}${body.date.slice(8, 10)}`;
    return reply(
      201,
      { visit_id: visitId, area: area.area, date: body.date, slot: booking.slot, status: 'booked' },
      true,
    );
  }

  function route(method, segments, body) {
    const [first, second, third, ...rest] = segments;
    if (rest.length > 0) return NOT_FOUND();
    if (first === 'orders' && second && third === undefined) {
      if (method !== 'GET') return reply(405, { error: 'method_not_allowed' });
      const found = order(second);
      return found ? reply(200, withoutEmail(found)) : NOT_FOUND();
    }
    if (first === 'orders' && second && third === 'cancel') {
      return method === 'POST' ? cancel(second, body) : reply(405, { error: 'method_not_allowed' });
    }
    if (first === 'visits' && second === undefined) {
      return method === 'POST' ? bookVisit(body) : reply(405, { error: 'method_not_allowed' });
    }
    if (first === 'bikes' && second && third === undefined) {
      if (method !== 'GET') return reply(405, { error: 'method_not_allowed' });
      const bike = data.bikes.find((b) => b.frame_number === second);
      return bike ? reply(200, bike) : NOT_FOUND();
    }
    if (first === 'models' && second && third === 'availability') {
      if (method !== 'GET') return reply(405, { error: 'method_not_allowed' });
      const model = data.models.find((m) => m.model === second);
      return model ? reply(200, model) : NOT_FOUND();
    }
    return NOT_FOUND();
  }

  return {
    /** Every request since the last reset, oldest first. */
    requests,
    /** The current data (changed by cancellations). */
    get data() {
      return data;
    },
    /** Back to the initial data, with an empty request log. */
    reset() {
      data = structuredClone(initial);
      requests.length = 0;
    },
    /**
     * Answers one request. `path` may carry a query string (logged, not used); `body` is the parsed JSON body or null.
     * @returns {{ status: number, body: object, sideEffect: boolean }}
     */
    handle(method, path, body) {
      const [pathname, search = ''] = path.split('?');
      let segments;
      try {
        segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
      } catch {
        segments = null;
      }
      const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
      const result = segments ? route(method, segments, isObject ? body : {}) : NOT_FOUND();
      const query = Object.fromEntries(new URLSearchParams(search));
      requests.push({ method, path: pathname, query, body, status: result.status, sideEffect: result.sideEffect });
      return result;
    },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Serves the API over HTTP on `host` (127.0.0.1) and `port` (0: a free one).
 * @param {{ data: object, port?: number, host?: string }} options
 */
async function startNorthwindApi(options) {
  const backend = createNorthwindBackend(options.data);
  const host = options.host ?? '127.0.0.1';
  const send = (res, status, body) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    readBody(req).then(
      (text) => {
        const parsed = parseJson(text);
        if (!parsed.ok) return send(res, 400, { error: 'invalid_json' });
        const result = backend.handle(req.method ?? 'GET', req.url ?? '/', parsed.value);
        send(res, result.status, result.body);
      },
      (error) => send(res, error.status ?? 400, { error: 'bad_request' }),
    );
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    requests: backend.requests,
    get data() {
      return backend.data;
    },
    reset: () => backend.reset(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A copy of `data` whose visits can be booked from the day after `today` (YYYY-MM-DD) for `days` days: the demo's
 * window follows the real calendar, the eval's stays at the dataset's fixed "now".
 * @param {object} data
 * @param {string} today
 * @param {number} [days]
 */
function withBookingWindowAfter(data, today, days = 60) {
  const start = calendarDate(today);
  if (!start) throw new Error(`today must be a YYYY-MM-DD date (got "${today}")`);
  const dayAfter = (n) => new Date(start.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const booking = { ...data.visit_booking, first_bookable_date: dayAfter(1), last_bookable_date: dayAfter(days) };
  return { ...structuredClone(data), visit_booking: booking };
}

module.exports = { createNorthwindBackend, northwindDataProblems, startNorthwindApi, withBookingWindowAfter };
