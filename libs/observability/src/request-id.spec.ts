import { resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it.each(['abc', 'trace-1.A_b', 'a'.repeat(128)])('keeps %s', (id) => {
    expect(resolveRequestId(id)).toBe(id);
  });

  it.each([undefined, '', 'a'.repeat(129), 'has space', 'x\ny', '<script>', ['a', 'b']])(
    'replaces %p with a uuid',
    (id) => {
      expect(resolveRequestId(id)).toMatch(UUID);
    },
  );
});
