import { actionTool, callableParameters, canonicalValue } from './action-tools';
import { BOOK_SERVICE, ORDER_STATUS } from './testing/planner-doubles';

describe('action tools', () => {
  it('leaves identity parameters out of the tool: not a property, not required', () => {
    const tool = actionTool(ORDER_STATUS);

    expect(tool).toEqual({
      name: 'order_status',
      description: ORDER_STATUS.description,
      parameters: {
        type: 'object',
        properties: {
          order_number: { type: 'string', pattern: '^A-\\d{4}$', description: 'Order number, e.g. A-1234.' },
        },
        required: ['order_number'],
        additionalProperties: false,
      },
    });
  });

  it('turns x-aliases into description text, never a schema keyword', () => {
    const area = (actionTool(BOOK_SERVICE).parameters.properties as Record<string, Record<string, unknown>>).area;

    expect(area).toEqual({
      type: 'string',
      enum: ['north_shore', 'harbour'],
      description:
        'Service area id. Customers may say "North Shore" or "Salem" for north_shore; "Harbor" or "Dockside" for harbour.',
    });
    expect(JSON.stringify(actionTool(BOOK_SERVICE))).not.toContain('x-aliases');
  });

  it('describes aliases of a parameter that has no description of its own', () => {
    const action = {
      ...BOOK_SERVICE,
      parameters: {
        type: 'object' as const,
        properties: { area: { type: 'string' as const, enum: ['harbour'], 'x-aliases': { harbour: ['Docks'] } } },
      },
    };

    expect(actionTool(action).parameters.properties).toEqual({
      area: { type: 'string', enum: ['harbour'], description: 'Customers may say "Docks" for harbour.' },
    });
  });

  it('never carries the URL, a header or a secret name', () => {
    const text = JSON.stringify([actionTool(ORDER_STATUS), actionTool(BOOK_SERVICE)]);

    expect(text).not.toMatch(/API_TOKEN|shop-header-value|Authorization|api\.example\.com|secrets/);
  });

  it('validates against the callable parameters: identity dropped from required, unknown names refused', () => {
    expect(callableParameters(BOOK_SERVICE)).toMatchObject({
      required: ['area', 'date'],
      additionalProperties: false,
    });
    expect(Object.keys(callableParameters(BOOK_SERVICE).properties)).toEqual(['area', 'date']);
  });

  it('maps a customer word the model copied to its enum value, case aside', () => {
    const area = BOOK_SERVICE.parameters.properties.area;

    expect(canonicalValue(area, 'salem')).toBe('north_shore');
    expect(canonicalValue(area, 'harbour')).toBe('harbour');
    expect(canonicalValue(area, 'Mars')).toBe('Mars');
    expect(canonicalValue(ORDER_STATUS.parameters.properties.order_number, 'A-1234')).toBe('A-1234');
  });
});
