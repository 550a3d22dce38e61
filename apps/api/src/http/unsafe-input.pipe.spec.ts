import { BadRequestException } from '@nestjs/common';
import { MAX_INPUT_DEPTH, UnsafeInputPipe, findProblem } from './unsafe-input.pipe';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('findProblem', () => {
  it('finds a NUL character in a nested string and names its field', () => {
    expect(findProblem({ settings: { names: ['ok', 'a\u0000b'] } }, '', 0)).toEqual({
      field: 'settings.names.1',
      message: 'must not contain a NUL character',
    });
  });

  it('refuses keys that reach the prototype, as parsed from JSON', () => {
    expect(findProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'), '', 0)?.field).toBe('a.__proto__');
    expect(findProblem({ constructor: 1 }, '', 0)?.message).toBe('is not an allowed field name');
  });

  it('allows nesting up to the limit and refuses one level more', () => {
    expect(findProblem(nested(MAX_INPUT_DEPTH), '', 0)).toBeNull();
    expect(findProblem(nested(MAX_INPUT_DEPTH + 1), '', 0)?.message).toMatch(/nested deeper/);
  });

  it('passes ordinary values, buffers and nulls', () => {
    expect(findProblem({ name: 'Northwind', tags: ['a'], count: 3, flag: null }, '', 0)).toBeNull();
    expect(findProblem(Buffer.from([0, 1, 2]), '', 0)).toBeNull();
  });
});

describe('UnsafeInputPipe', () => {
  const pipe = new UnsafeInputPipe();

  it('names the query or path parameter it refuses', () => {
    expect(() => pipe.transform('a\u0000b', { type: 'param', data: 'id' })).toThrow(
      expect.objectContaining({ message: 'Invalid request: id: must not contain a NUL character' }),
    );
    expect(() => pipe.transform('x', { type: 'param', data: 'id' })).not.toThrow();
  });

  it('throws a 400', () => {
    expect(() => pipe.transform({ name: 'a\u0000' }, { type: 'body' })).toThrow(BadRequestException);
  });

  it('leaves values from custom decorators alone', () => {
    const visitor = { name: 'a\u0000' };
    expect(pipe.transform(visitor, { type: 'custom' })).toBe(visitor);
  });
});
