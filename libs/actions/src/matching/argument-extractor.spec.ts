import { extractArguments, extractFromMessage } from './argument-extractor';
import { ResolverClock } from './date-resolver';
import { ConversationTurn, MatchableAction } from './matchable-action';
import { SCOOTER_ACTIONS } from './testing/scooter-actions.fixture';

const CLOCK: ResolverClock = { now: new Date('2027-03-01T17:00:00Z'), timeZone: 'America/Los_Angeles' };

// The parameter shapes of the dataset README's table; the descriptions are this spec's own.
const ORDER_LOOKUP: MatchableAction = {
  name: 'order_status',
  description: 'Look up an order.',
  examples: [],
  parameters: {
    properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$', description: 'Order number.' } },
    required: ['order_number'],
  },
  identity: null,
};
const CANCEL_ORDER: MatchableAction = {
  ...ORDER_LOOKUP,
  name: 'cancel_order',
  parameters: {
    properties: { ...ORDER_LOOKUP.parameters.properties, customer_email: { type: 'string', format: 'email' } },
    required: ['order_number', 'customer_email'],
  },
  identity: 'customer_email',
};
const BIKE_LOOKUP: MatchableAction = {
  name: 'bike_details',
  description: 'Look up a bike.',
  examples: [],
  parameters: {
    properties: { frame_number: { type: 'string', pattern: '^WB\\d{8}$', description: 'Frame number.' } },
    required: ['frame_number'],
  },
};
const BOOK_VISIT: MatchableAction = {
  name: 'book_repair',
  description: 'Book a visit.',
  examples: [],
  parameters: {
    properties: {
      area: {
        type: 'string',
        enum: ['seattle', 'bay_area', 'twin_cities'],
        'x-aliases': {
          seattle: ['Seattle', 'Bellevue'],
          bay_area: ['Bay Area', 'San Francisco Bay Area', 'San Francisco', 'SF', 'Oakland'],
          twin_cities: ['Twin Cities', 'Saint Paul', 'St. Paul', 'St Paul'],
        },
      },
      date: { type: 'string', format: 'date' },
    },
    required: ['area', 'date'],
  },
};

function read(action: MatchableAction, question: string, history: ConversationTurn[] = []): Record<string, string> {
  return extractArguments(action, { question, history, clock: CLOCK }).arguments;
}

describe('extractArguments', () => {
  it.each([
    'NW-10482',
    'nw10482',
    'NW 10482',
    'nw-10482',
    'NW - 10482',
    '#10482',
    'order 10482',
    'order no. 10482',
    'order number 10482',
    'ref NW-10482',
    'Order: 10482',
  ])('normalises the order number in "%s" to NW-10482', (written) => {
    expect(read(ORDER_LOOKUP, `Any news on ${written}?`)).toEqual({ order_number: 'NW-10482' });
  });

  it.each(['wb-25030128', 'WB 2503 0128', 'wb25030128', 'frame 25030128'])(
    'normalises the frame number in "%s" to WB25030128',
    (written) => {
      expect(read(BIKE_LOOKUP, `Battery health for ${written}?`)).toEqual({ frame_number: 'WB25030128' });
    },
  );

  it.each([
    'My referral code is NW-ANNA-7Q2.',
    'Invoice INV-10482 looks wrong.',
    'I was charged 10482 cents.',
    'Order NW-104823 is odd.',
    'Call 10482 for help.',
  ])('takes no order number from the look-alike in "%s"', (question) => {
    expect(read(ORDER_LOOKUP, question)).toEqual({});
  });

  it('does not read a bare digit run after a cue that names another parameter', () => {
    expect(read(BIKE_LOOKUP, 'order 25030128')).toEqual({});
  });

  it('maps enum aliases case-insensitively, whole words, the longest alias first', () => {
    expect(read(BOOK_VISIT, 'im in oakland tomorrow')).toEqual({ area: 'bay_area', date: '2027-03-02' });
    expect(read(BOOK_VISIT, 'San Francisco Bay Area on March 3')).toEqual({ area: 'bay_area', date: '2027-03-03' });
    expect(read(BOOK_VISIT, 'St. Paul here, next Monday?')).toEqual({ area: 'twin_cities', date: '2027-03-08' });
    expect(read(BOOK_VISIT, 'twin cities, the 18th')).toEqual({ area: 'twin_cities', date: '2027-03-18' });
    expect(read(BOOK_VISIT, 'I like SFO and Seattleites')).toEqual({});
  });

  it('reads the question first, then the history from the latest turn back', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'About order NW-11111' },
      { role: 'bot', text: 'Sure, order NW-22222 then?' },
    ];
    expect(read(ORDER_LOOKUP, 'Was it delivered?', history)).toEqual({ order_number: 'NW-22222' });
    expect(read(ORDER_LOOKUP, 'And NW-33333?', history)).toEqual({ order_number: 'NW-33333' });
    const sources = extractArguments(ORDER_LOOKUP, { question: 'Was it delivered?', history, clock: CLOCK }).sources;
    expect(sources.order_number.turnsBack).toBe(1);
  });

  it('takes each argument from the first text that has it', () => {
    const history: ConversationTurn[] = [{ role: 'customer', text: 'I live in Bellevue.' }];
    expect(read(BOOK_VISIT, 'Can someone come on the 20th?', history)).toEqual({
      area: 'seattle',
      date: '2027-03-20',
    });
  });

  it('never extracts an identity parameter, and lists the required text parameters it lacks', () => {
    const extracted = extractArguments(CANCEL_ORDER, {
      question: 'Cancel NW-10482 for maya.chen@example.com',
      clock: CLOCK,
    });
    expect(extracted.arguments).toEqual({ order_number: 'NW-10482' });
    expect(extracted.missing).toEqual([]);
    expect(extractArguments(BOOK_VISIT, { question: 'Book a visit in Seattle', clock: CLOCK }).missing).toEqual([
      'date',
    ]);
  });

  it("derives its rules from any schema, here a scooter business's", () => {
    const [parcelStatus, , , scooterDetails] = SCOOTER_ACTIONS;
    expect(read(parcelStatus, 'where is parcel 123456?')).toEqual({ parcel_number: 'SC-123456' });
    expect(read(parcelStatus, 'sc 123 456 please')).toEqual({ parcel_number: 'SC-123456' });
    expect(read(scooterDetails, 'serial sn-1234567')).toEqual({ serial_number: 'SN1234567' });
  });
});

describe('extractFromMessage', () => {
  it('reads only the named parameters', () => {
    expect(extractFromMessage(BOOK_VISIT, ['date'], 'Oakland, next Friday', CLOCK)).toEqual({ date: '2027-03-12' });
    expect(extractFromMessage(CANCEL_ORDER, ['customer_email'], 'me@example.com', CLOCK)).toEqual({});
  });
});
