/** Types of server.js (CommonJS), for the TypeScript that runs it: the actions eval and the tests. */

/** The data the API serves: the shape of mock-api.json (extra keys are kept and ignored). */
export interface NorthwindData {
  cancellable_statuses: string[];
  orders: Array<{ order_number: string; status: string; customer_email: string; [key: string]: unknown }>;
  bikes: Array<{ frame_number: string; [key: string]: unknown }>;
  models: Array<{ model: string; [key: string]: unknown }>;
  areas: Array<{ area: string; code: string; [key: string]: unknown }>;
  visit_booking: { first_bookable_date: string; last_bookable_date: string; slot: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** One request the API answered. */
export interface NorthwindRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  /** The parsed JSON body, or null. */
  body: unknown;
  status: number;
  /** The request changed something: an order was cancelled (200) or a visit booked (201). */
  sideEffect: boolean;
}

export interface NorthwindReply {
  status: number;
  body: Record<string, unknown>;
  sideEffect: boolean;
}

export interface NorthwindBackend {
  readonly requests: NorthwindRequest[];
  readonly data: NorthwindData;
  reset(): void;
  handle(method: string, path: string, body: unknown): NorthwindReply;
}

export interface NorthwindApi {
  readonly host: string;
  readonly port: number;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly requests: NorthwindRequest[];
  readonly data: NorthwindData;
  reset(): void;
  close(): Promise<void>;
}

export function northwindDataProblems(data: unknown): string[];
export function createNorthwindBackend(initialData: NorthwindData): NorthwindBackend;
export function startNorthwindApi(options: {
  data: NorthwindData;
  port?: number;
  host?: string;
}): Promise<NorthwindApi>;
export function withBookingWindowAfter<T extends NorthwindData>(data: T, today: string, days?: number): T;
