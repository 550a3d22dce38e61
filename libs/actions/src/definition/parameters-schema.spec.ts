import type { ActionParametersSchema } from '@switchboard/database';
import { argumentProblems, parametersSchemaProblems } from './parameters-schema';

// book_repair and cancel_order of the Northwind actions data set (CC0), as an admin would declare them.
const BOOK_REPAIR: ActionParametersSchema = {
  type: 'object',
  properties: {
    area: {
      type: 'string',
      enum: ['seattle', 'portland', 'bay_area'],
      description: 'Coverage area id.',
      'x-aliases': { seattle: ['Bellevue', 'Redmond'], bay_area: ['Oakland', 'SF'] },
    },
    date: { type: 'string', format: 'date', description: 'YYYY-MM-DD' },
    customer_email: { type: 'string', format: 'email' },
  },
  required: ['area', 'date', 'customer_email'],
  additionalProperties: false,
};

const ORDER_NUMBER: ActionParametersSchema = {
  type: 'object',
  properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$' } },
  required: ['order_number'],
};

describe('parametersSchemaProblems', () => {
  it('accepts the supported subset: patterns, enums with x-aliases, date and email formats', () => {
    expect(parametersSchemaProblems(BOOK_REPAIR)).toEqual([]);
    expect(parametersSchemaProblems(ORDER_NUMBER)).toEqual([]);
  });

  it.each([
    ['not an object', 'orders', [/^parameters must be object$/]],
    ['another root type', { type: 'array', properties: {} }, [/^parameters\.type must be "object"$/]],
    [
      'a number parameter',
      { type: 'object', properties: { count: { type: 'integer' } } },
      [/^parameters\.properties\.count\.type must be "string"$/],
    ],
    [
      'an unsupported format',
      { type: 'object', properties: { when: { type: 'string', format: 'date-time' } } },
      [/^parameters\.properties\.when\.format must be one of date, email$/],
    ],
    [
      'an unsupported keyword',
      { type: 'object', properties: { id: { type: 'string', oneOf: [] } } },
      [/^parameters\.properties\.id has "oneOf", which is not supported$/],
    ],
    [
      'a badly named parameter',
      { type: 'object', properties: { 'Order Number': { type: 'string' } } },
      [/^parameters\.properties has "Order Number", which is not a parameter name/],
    ],
    [
      'a required name that is not a parameter',
      { type: 'object', properties: { id: { type: 'string' } }, required: ['order'] },
      [/^parameters\.required names "order", which is not a parameter$/],
    ],
    [
      'a pattern that does not compile',
      { type: 'object', properties: { id: { type: 'string', pattern: '^(NW' } } },
      [/^parameters\.properties\.id\.pattern is not a valid regular expression$/],
    ],
    [
      'aliases without an enum',
      { type: 'object', properties: { city: { type: 'string', 'x-aliases': { x: ['y'] } } } },
      [/x-aliases needs an enum/],
    ],
    [
      'aliases of a value outside the enum',
      { type: 'object', properties: { city: { type: 'string', enum: ['a'], 'x-aliases': { b: ['bee'] } } } },
      [/x-aliases maps to "b", which is not in its enum/],
    ],
  ])('refuses %s, naming where', (_label, schema, expected) => {
    const problems = parametersSchemaProblems(schema);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, index) => expect(problems[index]).toMatch(pattern));
  });
});

describe('argumentProblems', () => {
  const valid = { area: 'seattle', date: '2027-03-09', customer_email: 'maya.chen@example.com' };

  it('accepts valid arguments, x-aliases playing no part', () => {
    expect(argumentProblems(BOOK_REPAIR, valid)).toEqual([]);
  });

  it('names each parameter that is missing, unknown, outside its enum, pattern or format', () => {
    expect(argumentProblems(BOOK_REPAIR, { area: 'Bellevue', date: '2027-02-30', note: 'x' })).toEqual(
      expect.arrayContaining([
        { parameter: 'customer_email', message: 'is required' },
        { parameter: 'note', message: 'is not a parameter of this action' },
        { parameter: 'area', message: 'must be one of seattle, portland, bay_area' },
        { parameter: 'date', message: 'must match format "date"' },
      ]),
    );
    expect(argumentProblems(ORDER_NUMBER, { order_number: 'nw10482' })).toEqual([
      { parameter: 'order_number', message: 'must match pattern "^NW-\\d{5}$"' },
    ]);
    expect(argumentProblems(BOOK_REPAIR, { ...valid, customer_email: 'not an address' })).toEqual([
      { parameter: 'customer_email', message: 'must match format "email"' },
    ]);
  });

  it('refuses a value that is not a string', () => {
    expect(argumentProblems(ORDER_NUMBER, { order_number: 10482 })).toEqual([
      { parameter: 'order_number', message: 'must be string' },
    ]);
  });
});
